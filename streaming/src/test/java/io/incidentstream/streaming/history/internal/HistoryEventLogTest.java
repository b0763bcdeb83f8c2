package io.incidentstream.streaming.history.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.CommentAdded;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.NotificationSent;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.port.EventQuery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class HistoryEventLogTest {

  private static final UUID INCIDENT = UUID.fromString("7f3c2a9e-4b1d-4e8a-9c6f-2d5b8e1a3f70");
  private static final UUID OTHER = UUID.fromString("0c9d8e7f-6a5b-4c3d-9e2f-1a0b9c8d7e6f");

  private final InMemoryEventHistory history =
      new InMemoryEventHistory(10, Duration.ZERO, Clock.systemUTC());
  private final HistoryEventLog log = new HistoryEventLog(history);
  private long seq;

  @Test
  void shouldAnswerTheNewestEventsOldestFirst() {
    for (int i = 0; i < 5; i++) {
      append("acme", system("e" + i));
    }

    assertThat(seqs(read(EventQuery.recent(TenantScope.ALL, 3)))).containsExactly(3L, 4L, 5L);
  }

  @Test
  void shouldFindAnIncidentsEventsThroughTheIndex() {
    append("acme", comment(INCIDENT));
    append("acme", comment(OTHER));
    append("acme", system("unrelated"));
    append("acme", new NotificationSent(INCIDENT, "slack", true));

    List<EventEnvelope> found = read(query(TenantScope.ALL, null, INCIDENT, 10));

    assertThat(seqs(found)).containsExactly(1L, 4L);
    assertThat(seqs(read(query(TenantScope.ALL, null, UUID.randomUUID(), 10)))).isEmpty();
  }

  @Test
  void shouldForgetIndexEntriesWithTheEventsTheHistoryEvicts() {
    append("acme", comment(INCIDENT));
    for (int i = 0; i < 10; i++) {
      append("acme", comment(OTHER));
    }

    assertThat(read(query(TenantScope.ALL, null, INCIDENT, 10))).isEmpty();
    assertThat(history.indexedIncidents()).isEqualTo(1);

    for (int i = 0; i < 10; i++) {
      append("acme", system("flood " + i));
    }
    assertThat(history.indexedIncidents()).isZero();
  }

  @Test
  void shouldNeverAnswerAnEventOutsideTheReadersTenants() {
    append("acme", comment(INCIDENT));
    append("globex", comment(INCIDENT));
    append("initech", comment(INCIDENT));
    TenantScope acmeOnly = new TenantScope(false, Set.of("acme"));

    assertThat(tenants(read(query(acmeOnly, null, null, 10)))).containsExactly("acme");
    assertThat(tenants(read(query(acmeOnly, null, INCIDENT, 10)))).containsExactly("acme");
    assertThat(read(query(acmeOnly, "globex", null, 10))).isEmpty();
    assertThat(tenants(read(query(TenantScope.ALL, "globex", null, 10)))).containsExactly("globex");
  }

  @Test
  void shouldApplyTheWsFilterSemantics() {
    append("acme", comment(INCIDENT));
    append("acme", system("deploy"));
    SubscriptionFilters followIncident =
        new SubscriptionFilters(
            List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), List.of(INCIDENT));

    List<EventEnvelope> found =
        read(new EventQuery(followIncident, TenantScope.ALL, null, null, 10));

    // incident_ids does not restrict a system_event, as on /ws.
    assertThat(seqs(found)).containsExactly(1L, 2L);
  }

  private List<EventEnvelope> read(EventQuery query) {
    return log.recent(query).toCompletableFuture().join();
  }

  private static EventQuery query(TenantScope scope, String tenant, UUID incident, int limit) {
    return new EventQuery(SubscriptionFilters.NONE, scope, tenant, incident, limit);
  }

  private void append(String tenant, IncidentEvent event) {
    history.append(EventEnvelope.wrap(UUID.randomUUID(), ++seq, Instant.now(), tenant, event));
  }

  private static IncidentEvent comment(UUID incident) {
    return new CommentAdded(incident, "carol", "looking", Instant.EPOCH);
  }

  private static IncidentEvent system(String message) {
    return new SystemEvent("test", message, Map.of());
  }

  private static List<Long> seqs(List<EventEnvelope> envelopes) {
    return envelopes.stream().map(EventEnvelope::seq).toList();
  }

  private static List<String> tenants(List<EventEnvelope> envelopes) {
    return envelopes.stream().map(EventEnvelope::tenant).toList();
  }
}
