package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.Priority;
import java.util.Objects;

/** An incident was closed. */
public record IncidentClosed(Incident incident) implements IncidentCarrier {

  public IncidentClosed {
    Objects.requireNonNull(incident, "incident");
  }

  @Override
  public EventType type() {
    return EventType.INCIDENT_CLOSED;
  }

  @Override
  public Priority priority() {
    return Priority.NORMAL;
  }
}
