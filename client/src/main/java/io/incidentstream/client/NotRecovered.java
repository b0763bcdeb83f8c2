package io.incidentstream.client;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The server could not resume a subscription without a gap ({@code "recovered": false}): its
 * history no longer reaches back to {@code since}, or the stream has a new epoch, so {@code since}
 * names other events now. Events may have been missed: whatever was built from the stream may be
 * stale and should be reloaded from its source of truth. The events that follow are what the server
 * still holds, from its oldest on, then the live stream.
 *
 * @param since the last {@code seq} the client had, which it asked to resume from
 * @param sinceEpoch the epoch {@code since} belongs to (null when not known)
 * @param epoch the stream's epoch now: the events that follow are numbered in it
 */
public record NotRecovered(
    String subscriptionId, @Nullable Long since, @Nullable String sinceEpoch, String epoch) {

  public NotRecovered {
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(epoch, "epoch");
  }

  /** Whether the stream's numbering changed (a new epoch) rather than its history being short. */
  public boolean epochChanged() {
    return sinceEpoch != null && !sinceEpoch.equals(epoch);
  }

  /** One line for logs. */
  public String describe() {
    String why =
        epochChanged()
            ? "the stream has a new epoch " + epoch + " (was " + sinceEpoch + ")"
            : "the server's history no longer reaches back to seq " + since;
    return "subscription "
        + subscriptionId
        + " not recovered: "
        + why
        + "; events may have been missed: reload your state";
  }
}
