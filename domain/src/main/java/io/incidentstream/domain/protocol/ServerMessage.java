package io.incidentstream.domain.protocol;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.SubscriptionFilters;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A message the server sends on {@code /ws} (DESIGN sections 3 and 5). */
public sealed interface ServerMessage {

  /**
   * Always the first frame of a connection.
   *
   * @param epoch the stream's epoch: the numbering its {@code seq}s belong to. It changes only when
   *     the stream's history is lost (embedded mode: at every start); a client resuming with {@code
   *     since} sends it back in {@code subscribe}
   */
  record Welcome(
      String sessionId,
      Instant serverTime,
      String instanceId,
      long heartbeatIntervalMs,
      String epoch)
      implements ServerMessage {
    public Welcome {
      Objects.requireNonNull(sessionId, "sessionId");
      Objects.requireNonNull(serverTime, "serverTime");
      Objects.requireNonNull(instanceId, "instanceId");
      Objects.requireNonNull(epoch, "epoch");
    }
  }

  /**
   * @param recovered present only when the subscribe carried {@code since}: true when every missed
   *     event could be replayed (false too when the subscribe named another epoch)
   * @param epoch the stream's epoch the subscription's {@code seq}s belong to
   */
  record Subscribed(
      String subscriptionId, SubscriptionFilters filters, @Nullable Boolean recovered, String epoch)
      implements ServerMessage {
    public Subscribed {
      Objects.requireNonNull(subscriptionId, "subscriptionId");
      Objects.requireNonNull(filters, "filters");
      Objects.requireNonNull(epoch, "epoch");
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
