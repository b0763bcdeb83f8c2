package io.incidentstream.streaming.fanout.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.streaming.fanout.internal.RecordingRecipient.Delivered;
import io.incidentstream.streaming.support.StreamFixtures;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code SubscriptionService.changeTenants} through the real fan-out: a narrowed scope takes effect
 * with the very next event, a widened one too, and resume replays only the allowed tenants. Each
 * change comes after fan-out has applied what came before ({@code settle}), as a refresh does: a
 * connection's first subscription reads the recipient's scope when fan-out applies it.
 */
class TenantRefilingTest {

  private static final SubscriptionFilters EVERYTHING =
      new SubscriptionFilters(
          List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), List.of());

  private final EngineHarness harness = new EngineHarness(10);
  private final FanOutEngine engine = harness.engine;

  @AfterEach
  void stop() {
    harness.close();
  }

  private static TenantScope tenants(String... names) {
    return TenantScope.of(List.of(names));
  }

  private void subscribe(RecordingRecipient recipient, String id, @Nullable Long since) {
    engine.subscribe(recipient, new ClientMessage.Subscribe(id, EVERYTHING, since));
  }

  private long publish(String tenant) {
    return harness.publish(tenant, StreamFixtures.created(Severity.P2));
  }

  private static List<String> tenantsOf(RecordingRecipient recipient) {
    return recipient.delivered().stream().map(Delivered::tenant).toList();
  }

  @Test
  void shouldStopDeliveringARemovedTenantWithTheNextEventWhenNarrowed() {
    RecordingRecipient carol = new RecordingRecipient("carol", tenants("acme", "beta"));
    subscribe(carol, "all", null);
    publish("acme");
    publish("beta");
    harness.settle();

    carol.changeTenants(tenants("acme"), engine);
    publish("beta");
    publish("acme");
    harness.settle();

    assertThat(tenantsOf(carol)).containsExactly("acme", "beta", "acme");
  }

  @Test
  void shouldDeliverAnAddedTenantWithTheNextEventWhenWidened() {
    RecordingRecipient alice = new RecordingRecipient("alice", tenants("acme"));
    subscribe(alice, "first", null);
    subscribe(alice, "second", null);
    publish("beta");
    harness.settle();

    alice.changeTenants(TenantScope.ALL, engine);
    long widened = publish("beta");
    harness.settle();

    assertThat(alice.delivered())
        .containsExactly(new Delivered(widened, "beta", List.of("first", "second")));
  }

  @Test
  void shouldLeaveOtherRecipientsOfTheTenantAlone() {
    RecordingRecipient alice = new RecordingRecipient("alice", tenants("beta"));
    RecordingRecipient carol = new RecordingRecipient("carol", tenants("acme", "beta"));
    subscribe(alice, "all", null);
    subscribe(carol, "all", null);
    harness.settle();

    carol.changeTenants(tenants("acme"), engine);
    publish("beta");
    harness.settle();

    assertThat(tenantsOf(alice)).containsExactly("beta");
    assertThat(carol.delivered()).isEmpty();
  }

  @Test
  void shouldUseTheNewScopeForAFirstSubscriptionAfterTheChange() {
    RecordingRecipient bob = new RecordingRecipient("bob", TenantScope.ALL);

    bob.changeTenants(tenants("acme"), engine);
    subscribe(bob, "all", null);
    publish("beta");
    publish("acme");
    harness.settle();

    assertThat(tenantsOf(bob)).containsExactly("acme");
  }

  @Test
  void shouldReplayOnlyAllowedTenantsOnResume() {
    publish("acme");
    publish("beta");
    publish("acme");
    RecordingRecipient alice = new RecordingRecipient("alice", tenants("acme"));

    subscribe(alice, "all", 0L);
    long live = publish("beta");
    long liveAcme = publish("acme");
    harness.settle();

    assertThat(alice.delivered())
        .extracting(Delivered::seq, Delivered::tenant)
        .containsExactly(tuple(1L, "acme"), tuple(3L, "acme"), tuple(liveAcme, "acme"));
    assertThat(live).isEqualTo(4L);
  }

  @Test
  void shouldReplayUnderTheNarrowedScopeWhenTheChangeComesFirst() {
    publish("acme");
    publish("beta");
    RecordingRecipient carol = new RecordingRecipient("carol", tenants("acme", "beta"));
    subscribe(carol, "live", null);
    harness.settle();

    carol.changeTenants(tenants("acme"), engine);
    subscribe(carol, "resume", 0L);
    harness.settle();

    assertThat(tenantsOf(carol)).containsExactly("acme");
  }
}
