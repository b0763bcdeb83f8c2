package io.incidentstream.domain.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An alert from a monitoring source, as it travels in {@code alert_*} events. Immutable. */
public record Alert(
    UUID id,
    String externalId,
    String source,
    Instant timestamp,
    Instant receivedAt,
    Severity severity,
    String alertType,
    String title,
    String description,
    Map<String, String> labels,
    List<String> affectedServices,
    @Nullable String runbookUrl,
    Map<String, String> annotations,
    @Nullable UUID incidentId,
    boolean deduplicated,
    @Nullable UUID parentAlertId) {

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(externalId, "externalId");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(alertType, "alertType");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(description, "description");
    labels = Copies.orderedMap(labels);
    affectedServices = List.copyOf(affectedServices);
    annotations = Copies.orderedMap(annotations);
  }

  /**
   * A builder with the defaults a producer may leave out: empty strings and collections, null
   * optionals, not deduplicated, {@code receivedAt} = {@code timestamp}.
   */
  public static Builder builder(UUID id, Severity severity, Instant timestamp) {
    return new Builder(id, severity, timestamp);
  }

  /** A builder holding this alert's values, for a changed copy. */
  public Builder toBuilder() {
    return new Builder(id, severity, timestamp)
        .externalId(externalId)
        .source(source)
        .receivedAt(receivedAt)
        .alertType(alertType)
        .title(title)
        .description(description)
        .labels(labels)
        .affectedServices(affectedServices)
        .runbookUrl(runbookUrl)
        .annotations(annotations)
        .incidentId(incidentId)
        .deduplicated(deduplicated)
        .parentAlertId(parentAlertId);
  }

  /** Builds an {@link Alert}; not thread-safe, one builder per thread. */
  public static final class Builder {
    private final UUID id;
    private final Severity severity;
    private final Instant timestamp;
    private String externalId = "";
    private String source = "";
    private Instant receivedAt;
    private String alertType = "";
    private String title = "";
    private String description = "";
    private Map<String, String> labels = Map.of();
    private List<String> affectedServices = List.of();
    private @Nullable String runbookUrl;
    private Map<String, String> annotations = Map.of();
    private @Nullable UUID incidentId;
    private boolean deduplicated;
    private @Nullable UUID parentAlertId;

    private Builder(UUID id, Severity severity, Instant timestamp) {
      this.id = id;
      this.severity = severity;
      this.timestamp = timestamp;
      this.receivedAt = timestamp;
    }

    public Builder externalId(String value) {
      externalId = value;
      return this;
    }

    public Builder source(String value) {
      source = value;
      return this;
    }

    public Builder receivedAt(Instant value) {
      receivedAt = value;
      return this;
    }

    public Builder alertType(String value) {
      alertType = value;
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

    public Builder labels(Map<String, String> value) {
      labels = value;
      return this;
    }

    public Builder affectedServices(List<String> value) {
      affectedServices = value;
      return this;
    }

    public Builder runbookUrl(@Nullable String value) {
      runbookUrl = value;
      return this;
    }

    public Builder annotations(Map<String, String> value) {
      annotations = value;
      return this;
    }

    public Builder incidentId(@Nullable UUID value) {
      incidentId = value;
      return this;
    }

    public Builder deduplicated(boolean value) {
      deduplicated = value;
      return this;
    }

    public Builder parentAlertId(@Nullable UUID value) {
      parentAlertId = value;
      return this;
    }

    public Alert build() {
      return new Alert(
          id,
          externalId,
          source,
          timestamp,
          receivedAt,
          severity,
          alertType,
          title,
          description,
          labels,
          affectedServices,
          runbookUrl,
          annotations,
          incidentId,
          deduplicated,
          parentAlertId);
    }
  }
}
