package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Priority;
import java.util.Objects;
import java.util.UUID;

/** A playbook finished. */
public record PlaybookCompleted(
    UUID incidentId, String playbookId, boolean success, int actionsExecuted)
    implements IncidentEvent {

  public PlaybookCompleted {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(playbookId, "playbookId");
  }

  @Override
  public EventType type() {
    return EventType.PLAYBOOK_COMPLETED;
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
