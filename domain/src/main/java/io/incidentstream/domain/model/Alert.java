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
}
