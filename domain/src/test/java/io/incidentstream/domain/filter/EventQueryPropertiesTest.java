package io.incidentstream.domain.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.port.EventQuery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * What an {@link EventQuery} reads from a history agrees with the plain reference model of the
 * {@code /ws} filters ({@link FilterPropertiesTest.Reference}), and never leaves its tenant scope.
 */
class EventQueryPropertiesTest {

  private static final List<String> TENANTS = List.of("acme", "globex", "initech");

  @Property(tries = 2_000)
  void shouldSelectTheNewestMatchesOfTheReferenceModelInSeqOrder(
      @ForAll("histories") List<EventEnvelope> history, @ForAll("queries") EventQuery query) {
    List<EventEnvelope> expected = reference(history, query);

    List<EventEnvelope> actual = query.select(newestFirst(history));

    Statistics.label("answers").collect(expected.isEmpty() ? "none" : "some");
    Statistics.label("answers").coverage(c -> c.check("some").percentage(p -> p >= 20));
    assertThat(actual).as("%s on %d events", query, history.size()).isEqualTo(expected);
  }

  @Property(tries = 1_000)
  void shouldNeverAnswerAnEventOutsideTheScope(
      @ForAll("histories") List<EventEnvelope> history, @ForAll("queries") EventQuery query) {
    assertThat(query.select(newestFirst(history)))
        .allSatisfy(e -> assertThat(query.scope().allows(e.tenant())).isTrue());
  }

  private static List<EventEnvelope> reference(List<EventEnvelope> history, EventQuery query) {
    List<EventEnvelope> matching = new ArrayList<>();
    for (EventEnvelope e : history) {
      boolean selected =
          FilterPropertiesTest.Reference.matches(query.filters(), e.event())
              && query.scope().allows(e.tenant())
              && (query.tenant() == null || query.tenant().equals(e.tenant()))
              && (query.incidentId() == null
                  || query
                      .incidentId()
                      .equals(FilterPropertiesTest.Reference.attributes(e.event()).incidentId()));
      if (selected) {
        matching.add(e);
      }
    }
    return matching.subList(Math.max(0, matching.size() - query.limit()), matching.size());
  }

  private static java.util.Iterator<EventEnvelope> newestFirst(List<EventEnvelope> history) {
    List<EventEnvelope> reversed = new ArrayList<>(history);
    Collections.reverse(reversed);
    return reversed.iterator();
  }

  @Provide
  Arbitrary<List<EventEnvelope>> histories() {
    Arbitrary<String> tenant = Arbitraries.of(TENANTS);
    return Combinators.combine(FilterArbitraries.events(), tenant)
        .as(Entry::new)
        .list()
        .ofMaxSize(60)
        .map(EventQueryPropertiesTest::sequenced);
  }

  @Provide
  Arbitrary<EventQuery> queries() {
    Arbitrary<TenantScope> scope =
        Arbitraries.oneOf(
            Arbitraries.just(TenantScope.ALL),
            Arbitraries.of(TENANTS).set().ofMinSize(0).ofMaxSize(2).map(s -> scope(s)));
    Arbitrary<String> tenant = Arbitraries.of(TENANTS).injectNull(0.5);
    Arbitrary<UUID> incident = Arbitraries.of(FilterArbitraries.INCIDENT_IDS).injectNull(0.6);
    Arbitrary<Integer> limit = Arbitraries.integers().between(1, 25);
    return Combinators.combine(FilterArbitraries.filters(), scope, tenant, incident, limit)
        .as(EventQuery::new);
  }

  private static TenantScope scope(Set<String> tenants) {
    return new TenantScope(false, tenants);
  }

  private record Entry(IncidentEvent event, String tenant) {}

  private static List<EventEnvelope> sequenced(List<Entry> entries) {
    List<EventEnvelope> envelopes = new ArrayList<>(entries.size());
    for (Entry entry : entries) {
      envelopes.add(
          EventEnvelope.wrap(
              UUID.randomUUID(),
              envelopes.size() + 1,
              Instant.EPOCH,
              entry.tenant(),
              entry.event()));
    }
    return envelopes;
  }
}
