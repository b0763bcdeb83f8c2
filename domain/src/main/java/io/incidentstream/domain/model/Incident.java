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

  /**
   * A builder with the defaults a producer may leave out: type {@code Unknown}, empty strings and
   * collections, null optionals, {@code updatedAt} = {@code createdAt}.
   */
  public static Builder builder(
      UUID id, Severity severity, IncidentState state, Instant createdAt) {
    return new Builder(id, severity, state, createdAt);
  }

  /** A builder holding this incident's values, for a changed copy. */
  public Builder toBuilder() {
    return new Builder(id, severity, state, createdAt)
        .updatedAt(updatedAt)
        .incidentType(incidentType)
        .source(source)
        .title(title)
        .description(description)
        .affectedResources(affectedResources)
        .labels(labels)
        .relatedIncidents(relatedIncidents)
        .activePlaybook(activePlaybook)
        .resolution(resolution)
        .timeline(timeline)
        .assignees(assignees)
        .fingerprint(fingerprint)
        .correlationScore(correlationScore);
  }

  /** Builds an {@link Incident}; not thread-safe, one builder per thread. */
  public static final class Builder {
    private UUID id;
    private Severity severity;
    private IncidentState state;
    private Instant createdAt;
    private Instant updatedAt;
    private IncidentType incidentType = IncidentType.UNKNOWN;
    private String source = "";
    private String title = "";
    private String description = "";
    private List<String> affectedResources = List.of();
    private Map<String, String> labels = Map.of();
    private List<UUID> relatedIncidents = List.of();
    private @Nullable String activePlaybook;
    private @Nullable Resolution resolution;
    private List<TimelineEvent> timeline = List.of();
    private List<String> assignees = List.of();
    private @Nullable String fingerprint;
    private @Nullable Double correlationScore;

    private Builder(UUID id, Severity severity, IncidentState state, Instant createdAt) {
      this.id = id;
      this.severity = severity;
      this.state = state;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
    }

    public Builder id(UUID value) {
      id = value;
      return this;
    }

    public Builder severity(Severity value) {
      severity = value;
      return this;
    }

    public Builder state(IncidentState value) {
      state = value;
      return this;
    }

    public Builder createdAt(Instant value) {
      createdAt = value;
      return this;
    }

    public Builder updatedAt(Instant value) {
      updatedAt = value;
      return this;
    }

    public Builder incidentType(IncidentType value) {
      incidentType = value;
      return this;
    }

    public Builder source(String value) {
      source = value;
      return this;
    }

    public Builder title(String value) {
      title = value;
      return this;
    }

    public Builder description(String value) {
      description = value;
      return this;
    }

    public Builder affectedResources(List<String> value) {
      affectedResources = value;
      return this;
    }

    public Builder labels(Map<String, String> value) {
      labels = value;
      return this;
    }

    public Builder relatedIncidents(List<UUID> value) {
      relatedIncidents = value;
      return this;
    }

    public Builder activePlaybook(@Nullable String value) {
      activePlaybook = value;
      return this;
    }

    public Builder resolution(@Nullable Resolution value) {
      resolution = value;
      return this;
    }

    public Builder timeline(List<TimelineEvent> value) {
      timeline = value;
      return this;
    }

    public Builder assignees(List<String> value) {
      assignees = value;
      return this;
    }

    public Builder fingerprint(@Nullable String value) {
      fingerprint = value;
      return this;
    }

    public Builder correlationScore(@Nullable Double value) {
      correlationScore = value;
      return this;
    }

    public Incident build() {
      return new Incident(
          id,
          createdAt,
          updatedAt,
          state,
          severity,
          incidentType,
          source,
          title,
          description,
          affectedResources,
          labels,
          relatedIncidents,
          activePlaybook,
          resolution,
          timeline,
          assignees,
          fingerprint,
          correlationScore);
    }
  }
}
