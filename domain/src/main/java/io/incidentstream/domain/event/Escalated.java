package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Priority;
import io.incidentstream.domain.model.Severity;
import java.util.Objects;
import java.util.UUID;

/** An incident's severity changed. Escalation to P0 is Critical, any other High. */
public record Escalated(UUID incidentId, Severity fromSeverity, Severity toSeverity, String reason)
    implements IncidentEvent {

  public Escalated {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(fromSeverity, "fromSeverity");
    Objects.requireNonNull(toSeverity, "toSeverity");
    Objects.requireNonNull(reason, "reason");
  }

  @Override
  public EventType type() {
    return EventType.ESCALATED;
  }

  @Override
  public Priority priority() {
    return toSeverity == Severity.P0 ? Priority.CRITICAL : Priority.HIGH;
  }

  @Override
  public Severity filterSeverity() {
    return toSeverity;
  }

  @Override
  public UUID filterIncidentId() {
    return incidentId;
  }
}
