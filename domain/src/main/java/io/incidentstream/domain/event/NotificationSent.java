package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Priority;
import java.util.Objects;
import java.util.UUID;

/** A notification went out on {@code channel} (e.g. slack, pagerduty, email). */
public record NotificationSent(UUID incidentId, String channel, boolean success)
    implements IncidentEvent {

  public NotificationSent {
    Objects.requireNonNull(incidentId, "incidentId");
    Objects.requireNonNull(channel, "channel");
  }

  @Override
  public EventType type() {
    return EventType.NOTIFICATION_SENT;
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
