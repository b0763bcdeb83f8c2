package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Priority;
import java.util.Objects;

/** An incident changed; {@code previousState} is the state before the change. */
public record IncidentUpdated(Incident incident, IncidentState previousState)
    implements IncidentCarrier {

  public IncidentUpdated {
    Objects.requireNonNull(incident, "incident");
    Objects.requireNonNull(previousState, "previousState");
  }

  @Override
  public EventType type() {
    return EventType.INCIDENT_UPDATED;
  }

  @Override
  public Priority priority() {
    return Priority.NORMAL;
  }
}
