package io.incidentstream.domain.port;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One change of a {@code /ws} session, as the console's live sessions table sees it. Immutable.
 *
 * @param session the session just after the change, with its subscriptions; null once closed (or
 *     when it closed before it could be read)
 */
public record SessionChange(
    Kind kind, String sessionId, String instanceId, @Nullable SessionView session) {

  /** What happened to the session. */
  public enum Kind {
    OPENED,
    SUBSCRIBED,
    UNSUBSCRIBED,
    CLOSED
  }

  public SessionChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(sessionId, "sessionId");
    Objects.requireNonNull(instanceId, "instanceId");
  }
}
