package io.incidentstream.domain.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.incidentstream.domain.event.AlertConverted;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.AssignmentChanged;
import io.incidentstream.domain.event.CommentAdded;
import io.incidentstream.domain.event.Escalated;
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
import java.io.IOException;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Writes one event object, {@code event_type} first, fields as DESIGN section 3 lists them. */
public final class EventWriter {

  private EventWriter() {}

  public static void write(JsonGenerator g, IncidentEvent event) throws IOException {
    write(g, event, null);
  }

  /**
   * Writes the event with its producer's {@code message_id} after its own fields, when there is
   * one.
   */
  public static void write(JsonGenerator g, IncidentEvent event, @Nullable UUID messageId)
      throws IOException {
    g.writeStartObject();
    ModelWriter.enumField(g, "event_type", event.type());
    writeFields(g, event);
    if (messageId != null) {
      ModelWriter.uuidField(g, "message_id", messageId);
    }
    g.writeEndObject();
  }

  private static void writeFields(JsonGenerator g, IncidentEvent event) throws IOException {
    switch (event.type()) {
      case INCIDENT_CREATED -> incident(g, ((IncidentCreated) event).incident());
      case INCIDENT_UPDATED -> incidentUpdated(g, (IncidentUpdated) event);
      case INCIDENT_RESOLVED -> incident(g, ((IncidentResolved) event).incident());
      case INCIDENT_CLOSED -> incident(g, ((IncidentClosed) event).incident());
      case ALERT_RECEIVED -> alert(g, ((AlertReceived) event).alert());
      case ALERT_CONVERTED -> alertConverted(g, (AlertConverted) event);
      case ESCALATED -> escalated(g, (Escalated) event);
      case PLAYBOOK_STARTED -> playbookStarted(g, (PlaybookStarted) event);
      case PLAYBOOK_ACTION_EXECUTED -> actionExecuted(g, (PlaybookActionExecuted) event);
      case PLAYBOOK_COMPLETED -> playbookCompleted(g, (PlaybookCompleted) event);
      case NOTIFICATION_SENT -> notificationSent(g, (NotificationSent) event);
      case ASSIGNMENT_CHANGED -> assignmentChanged(g, (AssignmentChanged) event);
      case COMMENT_ADDED -> commentAdded(g, (CommentAdded) event);
      case SYSTEM_EVENT -> systemEvent(g, (SystemEvent) event);
    }
  }

  private static void incident(JsonGenerator g, Incident incident) throws IOException {
    g.writeFieldName("incident");
    ModelWriter.incident(g, incident);
  }

  private static void alert(JsonGenerator g, Alert alert) throws IOException {
    g.writeFieldName("alert");
    ModelWriter.alert(g, alert);
  }

  private static void incidentUpdated(JsonGenerator g, IncidentUpdated e) throws IOException {
    incident(g, e.incident());
    ModelWriter.enumField(g, "previous_state", e.previousState());
  }

  private static void alertConverted(JsonGenerator g, AlertConverted e) throws IOException {
    alert(g, e.alert());
    ModelWriter.uuidField(g, "incident_id", e.incidentId());
  }

  private static void escalated(JsonGenerator g, Escalated e) throws IOException {
    ModelWriter.uuidField(g, "incident_id", e.incidentId());
    ModelWriter.enumField(g, "from_severity", e.fromSeverity());
    ModelWriter.enumField(g, "to_severity", e.toSeverity());
    g.writeStringField("reason", e.reason());
  }

  private static void playbookStarted(JsonGenerator g, PlaybookStarted e) throws IOException {
    ModelWriter.uuidField(g, "incident_id", e.incidentId());
    g.writeStringField("playbook_id", e.playbookId());
    g.writeStringField("playbook_name", e.playbookName());
  }

  private static void actionExecuted(JsonGenerator g, PlaybookActionExecuted e) throws IOException {
    ModelWriter.uuidField(g, "incident_id", e.incidentId());
    g.writeStringField("playbook_id", e.playbookId());
    g.writeStringField("action_name", e.actionName());
    g.writeBooleanField("success", e.success());
    g.writeStringField("message", e.message());
  }

  private static void playbookCompleted(JsonGenerator g, PlaybookCompleted e) throws IOException {
    ModelWriter.uuidField(g, "incident_id", e.incidentId());
    g.writeStringField("playbook_id", e.playbookId());
    g.writeBooleanField("success", e.success());
    g.writeNumberField("actions_executed", e.actionsExecuted());
  }

  private static void notificationSent(JsonGenerator g, NotificationSent e) throws IOException {
    ModelWriter.uuidField(g, "incident_id", e.incidentId());
    g.writeStringField("channel", e.channel());
    g.writeBooleanField("success", e.success());
  }

  private static void assignmentChanged(JsonGenerator g, AssignmentChanged e) throws IOException {
    ModelWriter.uuidField(g, "incident_id", e.incidentId());
    ModelWriter.stringListField(g, "assignees", e.assignees());
  }

  private static void commentAdded(JsonGenerator g, CommentAdded e) throws IOException {
    ModelWriter.uuidField(g, "incident_id", e.incidentId());
    g.writeStringField("author", e.author());
    g.writeStringField("comment", e.comment());
    ModelWriter.instantField(g, "timestamp", e.timestamp());
  }

  private static void systemEvent(JsonGenerator g, SystemEvent e) throws IOException {
    g.writeStringField("category", e.category());
    g.writeStringField("message", e.message());
    g.writeFieldName("metadata");
    ModelWriter.anyObject(g, e.metadata());
  }
}
