package io.incidentstream.perf.jmh;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.IncidentType;
import io.incidentstream.domain.model.Note;
import io.incidentstream.domain.model.Resolution;
import io.incidentstream.domain.model.ResolutionMethod;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.model.TimelineEvent;
import io.incidentstream.streaming.config.StreamConfiguration;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The one event every benchmark works on: an {@code incident_created} with every field set. */
final class Fixtures {

  static final UUID INCIDENT_ID = UUID.fromString("6f1d2c3b-4a59-4e8f-9b7a-1c2d3e4f5a6b");
  static final Severity SEVERITY = Severity.P2;
  static final String SOURCE = "prometheus";
  static final String TEAM = "payments";
  static final String ENV = "prod";
  static final Instant T0 = Instant.parse("2026-11-25T03:12:00Z");
  private static final UUID MESSAGE_ID = UUID.fromString("0b7c2a8e-5d0f-4a53-9a8e-2f1c3d4e5f61");
  private static final IncidentCreated CREATED = new IncidentCreated(incident());

  private Fixtures() {}

  /** A realistic, fully populated incident (about 1.5 KB as JSON). */
  static Incident incident() {
    return Incident.builder(INCIDENT_ID, SEVERITY, IncidentState.DETECTED, T0)
        .updatedAt(T0.plusSeconds(42))
        .incidentType(IncidentType.AVAILABILITY)
        .source(SOURCE)
        .title("Checkout API error rate above 5% in eu-west-1")
        .description(
            "The 5xx ratio of checkout-api has been above 5% for 10 minutes; payments-db"
                + " connection pool is saturated and p99 latency is 4.2 s.")
        .affectedResources(List.of("checkout-api", "payments-db", "eu-west-1/lb-7"))
        .labels(Map.of("team", TEAM, "env", ENV, "region", "eu-west-1", "tier", "critical-path"))
        .relatedIncidents(List.of(UUID.fromString("0b7c2a8e-5d0f-4a53-9a8e-2f1c3d4e5f60")))
        .activePlaybook("db-connection-pool-saturation")
        .resolution(
            new Resolution(
                T0.plusSeconds(900),
                "alice",
                ResolutionMethod.PLAYBOOK,
                "connection leak in checkout-api v2.14.3",
                "Rolled back to v2.14.2 and recycled the pool",
                List.of(new Note("alice", "Rollback done, error rate back to 0.1%", T0))))
        .timeline(
            List.of(
                new TimelineEvent(T0, "detected", "Alert rule checkout-5xx fired", null),
                new TimelineEvent(
                    T0.plusSeconds(30), "triaged", "Assigned to payments on-call", "bob")))
        .assignees(List.of("alice", "bob"))
        .fingerprint("checkout-api:5xx:eu-west-1")
        .correlationScore(0.87)
        .build();
  }

  /** The event (immutable, shared). */
  static IncidentCreated created() {
    return CREATED;
  }

  /** Filters that match events of {@code types} only, with no other condition. */
  static SubscriptionFilters eventTypes(EventType... types) {
    return new SubscriptionFilters(
        List.of(types), List.of(), List.of(), List.of(), List.of(), Map.of(), List.of());
  }

  /** The event as the stream carries it at {@code seq}. */
  static EventEnvelope envelope(long seq) {
    return EventEnvelope.wrap(MESSAGE_ID, seq, T0, EventEnvelope.DEFAULT_TENANT, CREATED);
  }

  /** The stream settings of the fan-out benchmarks: room for {@code sessions} connections. */
  static StreamConfiguration streamConfig(int sessions) {
    return new StreamConfiguration(
        1000,
        1 << 20,
        Duration.ofSeconds(30),
        Duration.ofSeconds(300),
        Duration.ofSeconds(60),
        65536,
        100,
        sessions + 1,
        sessions + 1,
        100,
        1000,
        Duration.ofMinutes(10),
        "jmh",
        false,
        Duration.ofSeconds(1));
  }
}
