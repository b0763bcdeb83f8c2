package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.Priority;
import java.util.Objects;

/** An incident was resolved. */
public record IncidentResolved(Incident incident) implements IncidentCarrier {

  public IncidentResolved {
    Objects.requireNonNull(incident, "incident");
  }

  @Override
  public EventType type() {
    return EventType.INCIDENT_RESOLVED;
  }

  @Override
  public Priority priority() {
    return Priority.NORMAL;
  }
}
