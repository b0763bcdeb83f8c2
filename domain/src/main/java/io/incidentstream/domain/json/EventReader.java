package io.incidentstream.domain.json;

import io.incidentstream.domain.event.AlertConverted;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.AssignmentChanged;
import io.incidentstream.domain.event.CommentAdded;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentClosed;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.IncidentResolved;
import io.incidentstream.domain.event.IncidentUpdated;
import io.incidentstream.domain.event.NotificationSent;
import io.incidentstream.domain.event.PlaybookActionExecuted;
import io.incidentstream.domain.event.PlaybookCompleted;
import io.incidentstream.domain.event.PlaybookStarted;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import java.time.Instant;

/**
 * Reads one event object, tagged by {@code event_type}, as a producer publishes it.
 *
 * <p>Leniency policy: what routing, filtering and priority depend on is required and validated;
 * descriptive content is optional, so producers that omit it are not turned away.
 *
 * <ul>
 *   <li>Required (missing or null is an error): {@code event_type}; the {@code incident} or {@code
 *       alert} object; incident {@code id}, {@code severity}, {@code state}; alert {@code id},
 *       {@code severity}; every uuid field of the event itself ({@code incident_id}); every enum
 *       field ({@code previous_state}, {@code from_severity}, {@code to_severity}, {@code
 *       resolution.method}); {@code success} and {@code actions_executed} (a non-negative int).
 *   <li>Optional, defaulted when absent or null: strings to {@code ""}, except the nullable {@code
 *       active_playbook}, {@code fingerprint}, {@code runbook_url}, {@code root_cause}, {@code
 *       actor}, which stay null; lists and maps to empty; every timestamp to the decode time;
 *       {@code incident_type} to {@code Unknown}; {@code deduplicated} to false; {@code
 *       correlation_score}, {@code resolution}, alert {@code incident_id} and {@code
 *       parent_alert_id} to null.
 *   <li>Always validated when present and non-null: type (string, number, boolean, array, object),
 *       uuids (canonical form), enums (exact wire spelling), timestamps (RFC 3339). Unknown fields
 *       are ignored.
 * </ul>
 */
public final class EventReader {

  private final ModelReader model;

  public EventReader(Instant now) {
    this.model = new ModelReader(now);
  }

  public IncidentEvent read(JsonFields f) {
    EventType type = f.required("event_type", WireEnumReader.EVENT_TYPE);
    switch (type) {
      case INCIDENT_CREATED:
        return new IncidentCreated(incident(f));
      case INCIDENT_UPDATED:
        return new IncidentUpdated(incident(f), f.required("previous_state", WireEnumReader.STATE));
      case INCIDENT_RESOLVED:
        return new IncidentResolved(incident(f));
      case INCIDENT_CLOSED:
        return new IncidentClosed(incident(f));
      case ALERT_RECEIVED:
        return new AlertReceived(alert(f));
      case ALERT_CONVERTED:
        return new AlertConverted(alert(f), f.uuid("incident_id"));
      case ESCALATED:
        return escalated(f);
      case PLAYBOOK_STARTED:
        return new PlaybookStarted(
            f.uuid("incident_id"), f.string("playbook_id"), f.string("playbook_name"));
      case PLAYBOOK_ACTION_EXECUTED:
        return actionExecuted(f);
      case PLAYBOOK_COMPLETED:
        return playbookCompleted(f);
      case NOTIFICATION_SENT:
        return new NotificationSent(
            f.uuid("incident_id"), f.string("channel"), f.requiredBoolean("success"));
      case ASSIGNMENT_CHANGED:
        return new AssignmentChanged(
            f.uuid("incident_id"), f.list("assignees", JsonValues::string));
      case COMMENT_ADDED:
        return new CommentAdded(
            f.uuid("incident_id"),
            f.string("author"),
            f.string("comment"),
            f.instant("timestamp", model.now()));
      case SYSTEM_EVENT:
        return new SystemEvent(f.string("category"), f.string("message"), f.anyObject("metadata"));
    }
    throw new IllegalStateException("unhandled event type " + type);
  }

  private Incident incident(JsonFields f) {
    return f.object("incident", model::incident);
  }

  private Alert alert(JsonFields f) {
    return f.object("alert", model::alert);
  }

  private static Escalated escalated(JsonFields f) {
    return new Escalated(
        f.uuid("incident_id"),
        f.required("from_severity", WireEnumReader.SEVERITY),
        f.required("to_severity", WireEnumReader.SEVERITY),
        f.string("reason"));
  }

  private static PlaybookActionExecuted actionExecuted(JsonFields f) {
    return new PlaybookActionExecuted(
        f.uuid("incident_id"),
        f.string("playbook_id"),
        f.string("action_name"),
        f.requiredBoolean("success"),
        f.string("message"));
  }

  private static PlaybookCompleted playbookCompleted(JsonFields f) {
    return new PlaybookCompleted(
        f.uuid("incident_id"),
        f.string("playbook_id"),
        f.requiredBoolean("success"),
        f.required("actions_executed", JsonValues::count));
  }
}
