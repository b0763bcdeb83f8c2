package io.incidentstream.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An incident as it travels in {@code incident_*} events. Immutable; collections are copied.
 *
 * @param correlationScore 0..1 when correlation ran, else null
 */
public record Incident(
    UUID id,
    Instant createdAt,
    Instant updatedAt,
    IncidentState state,
    Severity severity,
    IncidentType incidentType,
    String source,
    String title,
    String description,
    List<String> affectedResources,
    Map<String, String> labels,
    List<UUID> relatedIncidents,
    @Nullable String activePlaybook,
    @Nullable Resolution resolution,
    List<TimelineEvent> timeline,
    List<String> assignees,
    @Nullable String fingerprint,
    @Nullable Double correlationScore) {

  public Incident {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(incidentType, "incidentType");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    affectedResources = List.copyOf(affectedResources);
    labels = Copies.orderedMap(labels);
    relatedIncidents = List.copyOf(relatedIncidents);
    timeline = List.copyOf(timeline);
    assignees = List.copyOf(assignees);
  }
}
