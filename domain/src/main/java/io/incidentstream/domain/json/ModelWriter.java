package io.incidentstream.domain.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.incidentstream.domain.DomainException;
import io.incidentstream.domain.event.JsonNull;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.Note;
import io.incidentstream.domain.model.Resolution;
import io.incidentstream.domain.model.TimelineEvent;
import io.incidentstream.domain.model.WireEnum;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Writes incidents, alerts, their parts and plain JSON values with a {@link JsonGenerator}, in the
 * field order of DESIGN section 3. Absent optional values are written as {@code null}.
 */
public final class ModelWriter {

  private ModelWriter() {}

  public static void incident(JsonGenerator g, Incident incident) throws IOException {
    g.writeStartObject();
    uuidField(g, "id", incident.id());
    instantField(g, "created_at", incident.createdAt());
    instantField(g, "updated_at", incident.updatedAt());
    enumField(g, "state", incident.state());
    enumField(g, "severity", incident.severity());
    enumField(g, "incident_type", incident.incidentType());
    g.writeStringField("source", incident.source());
    g.writeStringField("title", incident.title());
    g.writeStringField("description", incident.description());
    stringListField(g, "affected_resources", incident.affectedResources());
    stringMapField(g, "labels", incident.labels());
    g.writeArrayFieldStart("related_incidents");
    for (UUID related : incident.relatedIncidents()) {
      g.writeString(related.toString());
    }
    g.writeEndArray();
    nullableStringField(g, "active_playbook", incident.activePlaybook());
    resolutionField(g, incident.resolution());
    g.writeArrayFieldStart("timeline");
    for (TimelineEvent entry : incident.timeline()) {
      timelineEvent(g, entry);
    }
    g.writeEndArray();
    stringListField(g, "assignees", incident.assignees());
    nullableStringField(g, "fingerprint", incident.fingerprint());
    nullableDoubleField(g, "correlation_score", incident.correlationScore());
    g.writeEndObject();
  }

  public static void alert(JsonGenerator g, Alert alert) throws IOException {
    g.writeStartObject();
    uuidField(g, "id", alert.id());
    g.writeStringField("external_id", alert.externalId());
    g.writeStringField("source", alert.source());
    instantField(g, "timestamp", alert.timestamp());
    instantField(g, "received_at", alert.receivedAt());
    enumField(g, "severity", alert.severity());
    g.writeStringField("alert_type", alert.alertType());
    g.writeStringField("title", alert.title());
    g.writeStringField("description", alert.description());
    stringMapField(g, "labels", alert.labels());
    stringListField(g, "affected_services", alert.affectedServices());
    nullableStringField(g, "runbook_url", alert.runbookUrl());
    stringMapField(g, "annotations", alert.annotations());
    nullableUuidField(g, "incident_id", alert.incidentId());
    g.writeBooleanField("deduplicated", alert.deduplicated());
    nullableUuidField(g, "parent_alert_id", alert.parentAlertId());
    g.writeEndObject();
  }

  private static void resolutionField(JsonGenerator g, @Nullable Resolution resolution)
      throws IOException {
    g.writeFieldName("resolution");
    if (resolution == null) {
      g.writeNull();
      return;
    }
    g.writeStartObject();
    instantField(g, "resolved_at", resolution.resolvedAt());
    g.writeStringField("resolved_by", resolution.resolvedBy());
    enumField(g, "method", resolution.method());
    nullableStringField(g, "root_cause", resolution.rootCause());
    g.writeStringField("summary", resolution.summary());
    g.writeArrayFieldStart("notes");
    for (Note note : resolution.notes()) {
      g.writeStartObject();
      g.writeStringField("author", note.author());
      g.writeStringField("content", note.content());
      instantField(g, "created_at", note.createdAt());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void timelineEvent(JsonGenerator g, TimelineEvent entry) throws IOException {
    g.writeStartObject();
    instantField(g, "timestamp", entry.timestamp());
    g.writeStringField("action", entry.action());
    g.writeStringField("description", entry.description());
    nullableStringField(g, "actor", entry.actor());
    g.writeEndObject();
  }

  public static void uuidField(JsonGenerator g, String name, UUID value) throws IOException {
    g.writeStringField(name, value.toString());
  }

  public static void nullableUuidField(JsonGenerator g, String name, @Nullable UUID value)
      throws IOException {
    nullableStringField(g, name, value == null ? null : value.toString());
  }

  public static void instantField(JsonGenerator g, String name, Instant value) throws IOException {
    g.writeStringField(name, value.toString());
  }

  public static void enumField(JsonGenerator g, String name, WireEnum value) throws IOException {
    g.writeStringField(name, value.wire());
  }

  public static void nullableStringField(JsonGenerator g, String name, @Nullable String value)
      throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
      return;
    }
    g.writeString(value);
  }

  public static void nullableDoubleField(JsonGenerator g, String name, @Nullable Double value)
      throws IOException {
    g.writeFieldName(name);
    if (value == null) {
      g.writeNull();
      return;
    }
    g.writeNumber(value);
  }

  public static void stringListField(JsonGenerator g, String name, List<String> values)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }

  public static void stringMapField(JsonGenerator g, String name, Map<String, String> values)
      throws IOException {
    g.writeObjectFieldStart(name);
    for (Map.Entry<String, String> entry : values.entrySet()) {
      g.writeStringField(entry.getKey(), entry.getValue());
    }
    g.writeEndObject();
  }

  /** Writes a free-form value of the kinds {@link JsonTree} produces (and Integer, Float). */
  public static void any(JsonGenerator g, Object value) throws IOException {
    if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value == JsonNull.INSTANCE) {
      g.writeNull();
    } else if (value instanceof Number n) {
      number(g, n);
    } else if (value instanceof Map<?, ?> map) {
      anyObject(g, map);
    } else if (value instanceof List<?> list) {
      anyArray(g, list);
    } else {
      throw new DomainException("not a JSON value: " + value.getClass().getName());
    }
  }

  public static void anyObject(JsonGenerator g, Map<?, ?> map) throws IOException {
    g.writeStartObject();
    for (Map.Entry<?, ?> entry : map.entrySet()) {
      g.writeFieldName(String.valueOf(entry.getKey()));
      any(g, entry.getValue());
    }
    g.writeEndObject();
  }

  private static void anyArray(JsonGenerator g, List<?> list) throws IOException {
    g.writeStartArray();
    for (Object item : list) {
      any(g, item);
    }
    g.writeEndArray();
  }

  private static void number(JsonGenerator g, Number n) throws IOException {
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      g.writeNumber(n.longValue());
    } else if (n instanceof BigInteger big) {
      g.writeNumber(big);
    } else if (n instanceof BigDecimal decimal) {
      g.writeNumber(decimal);
    } else {
      g.writeNumber(n.doubleValue());
    }
  }
}
