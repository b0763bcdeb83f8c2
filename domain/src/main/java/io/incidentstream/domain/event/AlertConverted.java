package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Priority;
import java.util.Objects;
import java.util.UUID;

/** An alert became (or joined) the incident {@code incidentId}. */
public record AlertConverted(Alert alert, UUID incidentId) implements AlertCarrier {

  public AlertConverted {
    Objects.requireNonNull(alert, "alert");
    Objects.requireNonNull(incidentId, "incidentId");
  }

  @Override
  public EventType type() {
    return EventType.ALERT_CONVERTED;
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
