package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.Priority;
import io.incidentstream.domain.model.Severity;
import java.util.Objects;

/** A new incident was detected. P0 is Critical, P1 High, anything else Normal. */
public record IncidentCreated(Incident incident) implements IncidentCarrier {

  public IncidentCreated {
    Objects.requireNonNull(incident, "incident");
  }

  @Override
  public EventType type() {
    return EventType.INCIDENT_CREATED;
  }

  @Override
  public Priority priority() {
    if (incident.severity() == Severity.P0) {
      return Priority.CRITICAL;
    }
    return incident.severity() == Severity.P1 ? Priority.HIGH : Priority.NORMAL;
  }
}
