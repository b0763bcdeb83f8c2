package io.incidentstream.domain.event;

import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event as a producer hands it in, before the stream sequences it. Immutable.
 *
 * @param messageId the producer's own id (the top-level {@code message_id} of the event object),
 *     which makes publishing idempotent: the stream sequences one id of one tenant once within
 *     {@code history-retention} and answers repeats with the original {@code seq}. Null: the stream
 *     assigns a random id and every publish is a new event.
 */
public record ProducedEvent(IncidentEvent event, @Nullable UUID messageId) {

  public ProducedEvent {
    Objects.requireNonNull(event, "event");
  }

  /** An event without a producer id: the stream assigns one. */
  public static ProducedEvent of(IncidentEvent event) {
    return new ProducedEvent(event, null);
  }

  /** An event with the producer's own id. */
  public static ProducedEvent withId(UUID messageId, IncidentEvent event) {
    return new ProducedEvent(event, Objects.requireNonNull(messageId, "messageId"));
  }
}
