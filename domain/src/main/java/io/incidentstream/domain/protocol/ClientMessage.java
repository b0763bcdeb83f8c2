package io.incidentstream.domain.protocol;

import io.incidentstream.domain.filter.SubscriptionFilters;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A message a client sends on {@code /ws} (DESIGN section 3). */
public sealed interface ClientMessage {

  /** Maximum length of a {@code subscription_id}. */
  int MAX_SUBSCRIPTION_ID_LENGTH = 128;

  /**
   * Subscribe, or replace the subscription with the same id.
   *
   * @param since last {@code seq} the client saw; when set, missed matching events are replayed
   * @param epoch the stream's epoch that {@code since} belongs to (from {@code welcome} or {@code
   *     subscribed}); when it is not the stream's current epoch, the replay starts from the oldest
   *     event held and the answer is {@code recovered: false}. Null: {@code since} is taken as the
   *     current epoch's.
   */
  record Subscribe(
      String subscriptionId,
      SubscriptionFilters filters,
      @Nullable Long since,
      @Nullable String epoch)
      implements ClientMessage {
    public Subscribe {
      Objects.requireNonNull(subscriptionId, "subscriptionId");
      Objects.requireNonNull(filters, "filters");
    }

    /** A subscribe without an epoch. */
    public Subscribe(String subscriptionId, SubscriptionFilters filters, @Nullable Long since) {
      this(subscriptionId, filters, since, null);
    }
  }

  record Unsubscribe(String subscriptionId) implements ClientMessage {
    public Unsubscribe {
      Objects.requireNonNull(subscriptionId, "subscriptionId");
    }
  }

  /** Application-level ping; the server answers {@code pong} echoing {@code timestamp}. */
  record Ping(Instant timestamp) implements ClientMessage {
    public Ping {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }

  /** Acknowledges an event; counts as activity, no reply. */
  record Ack(String messageId) implements ClientMessage {
    public Ack {
      Objects.requireNonNull(messageId, "messageId");
    }
  }

  /** Replaces the session's expiring token with a fresh one. */
  record Refresh(String token) implements ClientMessage {
    public Refresh {
      Objects.requireNonNull(token, "token");
    }
  }
}
