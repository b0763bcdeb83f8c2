package io.incidentstream.domain.json;

import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentType;
import io.incidentstream.domain.model.Note;
import io.incidentstream.domain.model.Resolution;
import io.incidentstream.domain.model.TimelineEvent;
import java.time.Instant;

/**
 * Reads incidents, alerts and their parts as producers publish them, with the leniency policy of
 * {@link EventReader}. Absent timestamps become {@code now}, one instant per decoded document.
 */
public final class ModelReader {

  private final Instant now;

  public ModelReader(Instant now) {
    this.now = now;
  }

  /** The instant that stands in for absent timestamps. */
  public Instant now() {
    return now;
  }

  public Incident incident(JsonFields f) {
    return new Incident(
        f.uuid("id"),
        f.instant("created_at", now),
        f.instant("updated_at", now),
        f.required("state", WireEnumReader.STATE),
        f.required("severity", WireEnumReader.SEVERITY),
        f.optional("incident_type", WireEnumReader.INCIDENT_TYPE, IncidentType.UNKNOWN),
        f.string("source"),
        f.string("title"),
        f.string("description"),
        f.list("affected_resources", JsonValues::string),
        f.stringMap("labels"),
        f.list("related_incidents", JsonValues::uuid),
        f.nullableString("active_playbook"),
        f.nullableObject("resolution", this::resolution),
        f.list("timeline", JsonFields.objects(this::timelineEvent)),
        f.list("assignees", JsonValues::string),
        f.nullableString("fingerprint"),
        f.nullableDouble("correlation_score"));
  }

  public Alert alert(JsonFields f) {
    return new Alert(
        f.uuid("id"),
        f.string("external_id"),
        f.string("source"),
        f.instant("timestamp", now),
        f.instant("received_at", now),
        f.required("severity", WireEnumReader.SEVERITY),
        f.string("alert_type"),
        f.string("title"),
        f.string("description"),
        f.stringMap("labels"),
        f.list("affected_services", JsonValues::string),
        f.nullableString("runbook_url"),
        f.stringMap("annotations"),
        f.nullableUuid("incident_id"),
        f.bool("deduplicated", false),
        f.nullableUuid("parent_alert_id"));
  }

  public Resolution resolution(JsonFields f) {
    return new Resolution(
        f.instant("resolved_at", now),
        f.string("resolved_by"),
        f.required("method", WireEnumReader.RESOLUTION_METHOD),
        f.nullableString("root_cause"),
        f.string("summary"),
        f.list("notes", JsonFields.objects(this::note)));
  }

  public Note note(JsonFields f) {
    return new Note(f.string("author"), f.string("content"), f.instant("created_at", now));
  }

  public TimelineEvent timelineEvent(JsonFields f) {
    return new TimelineEvent(
        f.instant("timestamp", now),
        f.string("action"),
        f.string("description"),
        f.nullableString("actor"));
  }
}
