package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Copies;
import io.incidentstream.domain.model.Priority;
import java.util.Map;
import java.util.Objects;

/**
 * Something about the system itself (deploy, maintenance, integration health). No filter key but
 * {@code event_types} restricts it.
 *
 * @param metadata JSON values: String, Boolean, a Number (Long, or Double), List, Map, or {@link
 *     JsonNull#INSTANCE}
 */
public record SystemEvent(String category, String message, Map<String, Object> metadata)
    implements IncidentEvent {

  public SystemEvent {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(message, "message");
    metadata = Copies.orderedMap(metadata);
  }

  @Override
  public EventType type() {
    return EventType.SYSTEM_EVENT;
  }

  @Override
  public Priority priority() {
    return Priority.LOW;
  }
}
