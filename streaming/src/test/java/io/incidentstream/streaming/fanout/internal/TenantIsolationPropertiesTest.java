package io.incidentstream.streaming.fanout.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.filter.FilterArbitraries;
import io.incidentstream.domain.filter.FilterCompiler;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.streaming.fanout.internal.RecordingRecipient.Delivered;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Tenant isolation through the real fan-out: 5 tenants, 50 sessions with random tenant claims
 * ({@code "*"} or a random subset) and random subscriptions, random events of random tenants. No
 * session ever receives an event of a tenant outside its claim, and every session receives exactly
 * what a plain reference model says: each event of an allowed tenant that any of its subscriptions
 * matches, once, in seq order, naming those subscriptions in the order they were made.
 */
class TenantIsolationPropertiesTest {

  private static final List<String> TENANTS = List.of("acme", "beta", "gamma", "delta", "omega");
  private static final int SESSIONS = 50;

  /** One session: its claim and its subscriptions (ids s0, s1, ... in subscription order). */
  record Session(TenantScope tenants, List<SubscriptionFilters> subscriptions) {}

  /** One published event and its tenant. */
  record Published(String tenant, IncidentEvent event) {}

  @Property(tries = 100)
  void everySessionShouldReceiveExactlyWhatTheModelSaysAndNothingOfAnotherTenant(
      @ForAll("sessions") @Size(SESSIONS) List<Session> sessions,
      @ForAll("events") List<Published> events) {
    List<Delivered> all = new ArrayList<>();
    List<RecordingRecipient> recipients = new ArrayList<>();
    try (EngineHarness harness = new EngineHarness(10)) {
      for (int i = 0; i < sessions.size(); i++) {
        recipients.add(subscribeAll(harness.engine, "session-" + i, sessions.get(i)));
      }
      List<Long> seqs = new ArrayList<>();
      events.forEach(e -> seqs.add(harness.publish(e.tenant(), e.event())));
      harness.settle();

      for (int i = 0; i < sessions.size(); i++) {
        Session session = sessions.get(i);
        List<Delivered> received = recipients.get(i).delivered();
        all.addAll(received);
        assertThat(received)
            .as("tenants received by a session of %s", session.tenants())
            .allSatisfy(d -> assertThat(session.tenants().allows(d.tenant())).isTrue());
        assertThat(received)
            .as("session %d of %s", i, session.tenants())
            .isEqualTo(expected(session, events, seqs));
      }
    }
    Statistics.label("deliveries per run").collect(all.isEmpty() ? "none" : "some");
  }

  private static RecordingRecipient subscribeAll(FanOutEngine engine, String id, Session session) {
    RecordingRecipient recipient = new RecordingRecipient(id, session.tenants());
    List<SubscriptionFilters> subscriptions = session.subscriptions();
    for (int s = 0; s < subscriptions.size(); s++) {
      engine.subscribe(recipient, new ClientMessage.Subscribe("s" + s, subscriptions.get(s), null));
    }
    return recipient;
  }

  /**
   * The reference model: a linear scan, tenant first, then every subscription's compiled filter.
   */
  private static List<Delivered> expected(
      Session session, List<Published> events, List<Long> seqs) {
    List<Delivered> expected = new ArrayList<>();
    for (int e = 0; e < events.size(); e++) {
      Published published = events.get(e);
      if (!session.tenants().allows(published.tenant())) {
        continue;
      }
      List<String> ids = new ArrayList<>();
      List<SubscriptionFilters> subscriptions = session.subscriptions();
      for (int s = 0; s < subscriptions.size(); s++) {
        if (FilterCompiler.compile(subscriptions.get(s)).matches(published.event())) {
          ids.add("s" + s);
        }
      }
      if (!ids.isEmpty()) {
        expected.add(new Delivered(seqs.get(e), published.tenant(), ids));
      }
    }
    return expected;
  }

  @Provide
  Arbitrary<List<Session>> sessions() {
    Arbitrary<TenantScope> claims =
        Arbitraries.frequencyOf(
            Tuple.of(1, Arbitraries.just(TenantScope.ALL)),
            Tuple.of(
                5,
                Arbitraries.of(TENANTS)
                    .list()
                    .uniqueElements()
                    .ofMinSize(1)
                    .ofMaxSize(3)
                    .map(TenantScope::of)));
    Arbitrary<List<SubscriptionFilters>> subscriptions =
        FilterArbitraries.filters().list().ofMinSize(1).ofMaxSize(3);
    return Combinators.combine(claims, subscriptions).as(Session::new).list();
  }

  @Provide
  Arbitrary<List<Published>> events() {
    return Combinators.combine(Arbitraries.of(TENANTS), FilterArbitraries.events())
        .as(Published::new)
        .list()
        .ofMinSize(1)
        .ofMaxSize(40);
  }
}
