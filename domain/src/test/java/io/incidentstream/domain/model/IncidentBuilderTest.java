package io.incidentstream.domain.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IncidentBuilderTest {

  private static final UUID ID = UUID.fromString("7f3c2a9e-4b1d-4e8a-9c6f-2d5b8e1a3f70");
  private static final Instant AT = Instant.parse("2026-11-25T17:30:00Z");

  @Test
  void shouldApplyTheDefaultsAProducerMayLeaveOut() {
    Incident incident = Incident.builder(ID, Severity.P2, IncidentState.DETECTED, AT).build();

    assertThat(incident.updatedAt()).isEqualTo(AT);
    assertThat(incident.incidentType()).isEqualTo(IncidentType.UNKNOWN);
    assertThat(incident.title()).isEmpty();
    assertThat(incident.labels()).isEmpty();
    assertThat(incident.resolution()).isNull();
    assertThat(incident.correlationScore()).isNull();
  }

  @Test
  void shouldCopyEveryFieldThroughToBuilder() {
    Incident original =
        Incident.builder(ID, Severity.P1, IncidentState.TRIAGED, AT)
            .updatedAt(AT.plusSeconds(5))
            .incidentType(IncidentType.DATA)
            .source("prometheus")
            .title("t")
            .description("d")
            .affectedResources(List.of("db"))
            .labels(Map.of("env", "prod"))
            .relatedIncidents(List.of(UUID.randomUUID()))
            .activePlaybook("pb")
            .timeline(List.of(new TimelineEvent(AT, "created", "x", null)))
            .assignees(List.of("alice"))
            .fingerprint("fp")
            .correlationScore(0.5)
            .build();

    assertThat(original.toBuilder().build()).isEqualTo(original);
    assertThat(original.toBuilder().state(IncidentState.RESOLVED).build().state())
        .isEqualTo(IncidentState.RESOLVED);
  }

  @Test
  void shouldCopyEveryAlertFieldThroughToBuilder() {
    Alert original =
        Alert.builder(ID, Severity.P0, AT)
            .externalId("ext")
            .source("datadog")
            .receivedAt(AT.plusSeconds(1))
            .alertType("threshold")
            .title("t")
            .description("d")
            .labels(Map.of("team", "payments"))
            .affectedServices(List.of("api"))
            .runbookUrl("https://runbooks.example.com/api")
            .annotations(Map.of("summary", "s"))
            .incidentId(UUID.randomUUID())
            .deduplicated(true)
            .parentAlertId(UUID.randomUUID())
            .build();

    assertThat(original.toBuilder().build()).isEqualTo(original);
  }
}
