package io.incidentstream.domain.json;

import com.fasterxml.jackson.core.JsonGenerator;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.WireEnum;
import java.io.IOException;
import java.util.List;
import java.util.UUID;

/**
 * Reads and writes the {@code filters} object (DESIGN section 4). Reading is strict: a key may be
 * missing or {@code []} (no restriction), but a null, a non-array or a bad element rejects the
 * whole object. Unknown keys are ignored. Writing always emits all seven keys.
 */
public final class FiltersJson {

  private FiltersJson() {}

  public static SubscriptionFilters read(JsonFields f) {
    return new SubscriptionFilters(
        f.strictList("event_types", WireEnumReader.EVENT_TYPE),
        f.strictList("severities", WireEnumReader.SEVERITY),
        f.strictList("states", WireEnumReader.STATE),
        f.strictList("sources", JsonValues::string),
        f.strictList("affected_resources", JsonValues::string),
        f.strictStringMap("labels"),
        f.strictList("incident_ids", JsonValues::uuid));
  }

  public static void write(JsonGenerator g, SubscriptionFilters filters) throws IOException {
    g.writeStartObject();
    enumListField(g, "event_types", filters.eventTypes());
    enumListField(g, "severities", filters.severities());
    enumListField(g, "states", filters.states());
    ModelWriter.stringListField(g, "sources", filters.sources());
    ModelWriter.stringListField(g, "affected_resources", filters.affectedResources());
    ModelWriter.stringMapField(g, "labels", filters.labels());
    g.writeArrayFieldStart("incident_ids");
    for (UUID id : filters.incidentIds()) {
      g.writeString(id.toString());
    }
    g.writeEndArray();
    g.writeEndObject();
  }

  private static void enumListField(JsonGenerator g, String name, List<? extends WireEnum> values)
      throws IOException {
    g.writeArrayFieldStart(name);
    for (WireEnum value : values) {
      g.writeString(value.wire());
    }
    g.writeEndArray();
  }
}
