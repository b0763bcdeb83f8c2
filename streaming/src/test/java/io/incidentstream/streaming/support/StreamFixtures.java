package io.incidentstream.streaming.support;

import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.CommentAdded;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.IncidentType;
import io.incidentstream.domain.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Builders for the events the /ws tests publish. */
public final class StreamFixtures {

  private StreamFixtures() {}

  public static Incident incident(Severity severity, String source) {
    return incident(
        UUID.randomUUID(), severity, IncidentState.DETECTED, source, List.of(), Map.of(), "");
  }

  public static Incident incident(
      UUID id,
      Severity severity,
      IncidentState state,
      String source,
      List<String> resources,
      Map<String, String> labels,
      String description) {
    return Incident.builder(id, severity, state, Instant.now())
        .incidentType(IncidentType.INFRASTRUCTURE)
        .source(source)
        .title("Test incident")
        .description(description)
        .affectedResources(resources)
        .labels(labels)
        .build();
  }

  public static IncidentCreated created(Severity severity) {
    return new IncidentCreated(incident(severity, "test"));
  }

  /** An incident_created whose description makes the frame about {@code bytes} long. */
  public static IncidentCreated createdWithPayload(Severity severity, int bytes) {
    return new IncidentCreated(
        incident(
            UUID.randomUUID(),
            severity,
            IncidentState.DETECTED,
            "test",
            List.of(),
            Map.of(),
            "x".repeat(bytes)));
  }

  public static Alert alert(
      Severity severity,
      String source,
      List<String> services,
      Map<String, String> labels,
      UUID incidentId) {
    return Alert.builder(UUID.randomUUID(), severity, Instant.now())
        .externalId("ext-1")
        .source(source)
        .alertType("threshold")
        .title("Test alert")
        .labels(labels)
        .affectedServices(services)
        .incidentId(incidentId)
        .build();
  }

  public static AlertReceived alertReceived(Severity severity) {
    return new AlertReceived(alert(severity, "test", List.of(), Map.of(), null));
  }

  public static CommentAdded comment(UUID incidentId) {
    return new CommentAdded(incidentId, "alice", "looking", Instant.now());
  }

  public static SystemEvent system(String message) {
    return new SystemEvent("deploy", message, Map.of());
  }
}
