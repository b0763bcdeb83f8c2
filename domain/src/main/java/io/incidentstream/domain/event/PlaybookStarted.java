package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Priority;
import java.util.Objects;
import java.util.UUID;

/** A playbook started running for an incident. */
public record PlaybookStarted(UUID incidentId, String playbookId, String playbookName)
    implements IncidentEvent {

  public PlaybookStarted {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(playbookId, "playbookId");
    Objects.requireNonNull(playbookName, "playbookName");
  }

  @Override
  public EventType type() {
    return EventType.PLAYBOOK_STARTED;
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
