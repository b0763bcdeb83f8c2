package io.incidentstream.domain.event;

import io.incidentstream.domain.model.WireEnum;
import io.incidentstream.domain.model.WireEnums;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The 14 event types, tagged on the wire by {@code "event_type"}. */
public enum EventType implements WireEnum {
  INCIDENT_CREATED("incident_created"),
  INCIDENT_UPDATED("incident_updated"),
  INCIDENT_RESOLVED("incident_resolved"),
  INCIDENT_CLOSED("incident_closed"),
  ALERT_RECEIVED("alert_received"),
  ALERT_CONVERTED("alert_converted"),
  ESCALATED("escalated"),
  PLAYBOOK_STARTED("playbook_started"),
  PLAYBOOK_ACTION_EXECUTED("playbook_action_executed"),
  PLAYBOOK_COMPLETED("playbook_completed"),
  NOTIFICATION_SENT("notification_sent"),
  ASSIGNMENT_CHANGED("assignment_changed"),
  COMMENT_ADDED("comment_added"),
  SYSTEM_EVENT("system_event");

  private static final Map<String, EventType> BY_WIRE = WireEnums.index(values());

  private final String wire;

  EventType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** The constant with exactly this wire spelling (case-sensitive), or null. */
  public static @Nullable EventType fromWire(String wire) {
    return BY_WIRE.get(wire);
  }
}
