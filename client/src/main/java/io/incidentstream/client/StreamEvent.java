package io.incidentstream.client;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as a listener receives it: the {@code event} frame's fields, decoded into the domain
 * records. Immutable.
 *
 * @param seq the event's position in the stream, within {@code epoch}
 * @param timestamp when the stream accepted the event
 * @param event the producer's event (one of the 14 domain records)
 * @param subscriptionIds the subscriptions of this connection that matched it
 * @param epoch the stream's epoch that {@code seq} belongs to
 * @param json the frame exactly as the server sent it (for tools that print or forward it)
 */
public record StreamEvent(
    long seq,
    UUID messageId,
    Instant timestamp,
    Priority priority,
    IncidentEvent event,
    List<String> subscriptionIds,
    String epoch,
    String json) {

  public StreamEvent {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(event, "event");
    subscriptionIds = List.copyOf(subscriptionIds);
    Objects.requireNonNull(epoch, "epoch");
    Objects.requireNonNull(json, "json");
  }
}
