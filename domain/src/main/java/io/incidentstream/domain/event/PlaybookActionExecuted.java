package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Priority;
import java.util.Objects;
import java.util.UUID;

/** One playbook action ran; {@code message} says what it did or why it failed. */
public record PlaybookActionExecuted(
    UUID incidentId, String playbookId, String actionName, boolean success, String message)
    implements IncidentEvent {

  public PlaybookActionExecuted {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(playbookId, "playbookId");
    Objects.requireNonNull(actionName, "actionName");
    Objects.requireNonNull(message, "message");
  }

  @Override
  public EventType type() {
    return EventType.PLAYBOOK_ACTION_EXECUTED;
  }

  @Override
  public Priority priority() {
    return Priority.LOW;
  }

  @Override
  public UUID filterIncidentId() {
    return incidentId;
  }
}
