package io.incidentstream.domain.protocol;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.SubscriptionFilters;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A message the server sends on {@code /ws} (DESIGN sections 3 and 5). */
public sealed interface ServerMessage {

  /** Always the first frame of a connection. */
  record Welcome(String sessionId, Instant serverTime, String instanceId, long heartbeatIntervalMs)
      implements ServerMessage {
    public Welcome {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(serverTime, "serverTime");
      Objects.requireNonNull(instanceId, "instanceId");
    }
  }

  /**
   * @param recovered present only when the subscribe carried {@code since}: true when every missed
   *     event could be replayed
   */
  record Subscribed(String subscriptionId, SubscriptionFilters filters, @Nullable Boolean recovered)
      implements ServerMessage {
    public Subscribed {
      Objects.requireNonNull(subscriptionId, "subscriptionId");
      Objects.requireNonNull(filters, "filters");
    }
  }

  record Unsubscribed(String subscriptionId) implements ServerMessage {
    public Unsubscribed {
      Objects.requireNonNull(subscriptionId, "subscriptionId");
    }
  }

  record Pong(Instant timestamp) implements ServerMessage {
    public Pong {
      Objects.requireNonNull(timestamp, "timestamp");
    }
  }

  /**
   * One event for this connection; {@code subscriptionIds} names every subscription of the
   * connection that matched it.
   */
  record Event(EventEnvelope envelope, List<String> subscriptionIds) implements ServerMessage {
    public Event {
      Objects.requireNonNull(envelope, "envelope");
      subscriptionIds = List.copyOf(subscriptionIds);
    }
  }

  record Error(ErrorCode code, String message) implements ServerMessage {
    public Error {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(message, "message");
    }

    /** An {@code INVALID_MESSAGE} error; the message starts {@code Failed to process message:}. */
    public static Error invalidMessage(String detail) {
      return new Error(ErrorCode.INVALID_MESSAGE, "Failed to process message: " + detail);
    }
  }

  /** Sent just before the server closes the connection. */
  record Closing(String reason) implements ServerMessage {
    public Closing {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
