package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Priority;
import io.incidentstream.domain.model.Severity;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An alert arrived. P0 and P1 alerts are High priority. */
public record AlertReceived(Alert alert) implements AlertCarrier {

  public AlertReceived {
    Objects.requireNonNull(alert, "alert");
  }

  @Override
  public EventType type() {
    return EventType.ALERT_RECEIVED;
  }

  @Override
  public Priority priority() {
    Severity severity = alert.severity();
    return severity == Severity.P0 || severity == Severity.P1 ? Priority.HIGH : Priority.NORMAL;
  }

  @Override
  public @Nullable UUID filterIncidentId() {
    return alert.incidentId();
  }
}
