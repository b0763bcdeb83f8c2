package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Priority;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/** An incident's assignees changed; {@code assignees} is the new full list. */
public record AssignmentChanged(UUID incidentId, List<String> assignees) implements IncidentEvent {

  public AssignmentChanged {
    Objects.requireNonNull(incidentId, "incidentId");
    assignees = List.copyOf(assignees);
  }

  @Override
  public EventType type() {
    return EventType.ASSIGNMENT_CHANGED;
  }

  @Override
  public Priority priority() {
    return Priority.NORMAL;
  }

  @Override
  public UUID filterIncidentId() {
    return incidentId;
  }
}
