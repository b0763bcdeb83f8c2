package io.incidentstream.streaming.fanout.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.port.LiveEvents;
import io.incidentstream.streaming.support.TestEvents;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** The consoles' live taps: filters and tenant bound, the bound on what waits, closing. */
class TapHubTest {

  /** Runs submitted drains only when the test says: the listener is as slow as the test wants. */
  private static final class ManualExecutor implements Executor {
    final ArrayDeque<Runnable> tasks = new ArrayDeque<>();

    @Override
    public void execute(Runnable task) {
      tasks.add(task);
    }

    void runAll() {
      Runnable task;
      while ((task = tasks.poll()) != null) {
        task.run();
      }
    }
  }

  private static final class Recording implements LiveEvents.Listener {
    final List<Long> seqs = new CopyOnWriteArrayList<>();
    volatile int overflowedAt = -1;

    @Override
    public void onEvent(EventEnvelope event) {
      seqs.add(event.seq());
    }

    @Override
    public void onOverflow(int capacity) {
      overflowedAt = capacity;
    }
  }

  private final ManualExecutor executor = new ManualExecutor();
  private final TapHub hub = new TapHub(executor);

  @Test
  void shouldDeliverWhatTheFiltersAndTenantsSelectInSeqOrder() {
    Recording all = new Recording();
    Recording acmeOnly = new Recording();
    Recording incidentsOnly = new Recording();
    hub.open(SubscriptionFilters.NONE, TenantScope.ALL, null, 10, all);
    hub.open(SubscriptionFilters.NONE, TenantScope.of(Set.of("acme")), null, 10, acmeOnly);
    hub.open(
        new SubscriptionFilters(
            List.of(EventType.INCIDENT_CREATED),
            List.of(),
            List.of(),
            List.of(),
            List.of(),
            Map.of(),
            List.of()),
        TenantScope.ALL,
        null,
        10,
        incidentsOnly);

    hub.publish(event(1, "acme"));
    hub.publish(event(2, "globex"));
    hub.publish(event(3, "acme"));
    executor.runAll();

    assertThat(all.seqs).containsExactly(1L, 2L, 3L);
    assertThat(acmeOnly.seqs).containsExactly(1L, 3L);
    assertThat(incidentsOnly.seqs).isEmpty();
  }

  @Test
  void shouldKeepANamedTenantWithinTheScope() {
    Recording outside = new Recording();
    hub.open(SubscriptionFilters.NONE, TenantScope.of(Set.of("acme")), "globex", 10, outside);

    hub.publish(event(1, "globex"));
    executor.runAll();

    assertThat(outside.seqs).isEmpty();
  }

  @Test
  void shouldHoldUpToItsCapacityForASlowListener() {
    Recording slow = new Recording();
    hub.open(SubscriptionFilters.NONE, TenantScope.ALL, null, 3, slow);

    for (long seq = 1; seq <= 3; seq++) {
      hub.publish(event(seq, "acme"));
    }
    executor.runAll();

    assertThat(slow.seqs).containsExactly(1L, 2L, 3L);
    assertThat(slow.overflowedAt).isEqualTo(-1);
    assertThat(hub.openTaps()).isEqualTo(1);
  }

  @Test
  void shouldCloseATapOneEventPastItsCapacity() {
    Recording slow = new Recording();
    hub.open(SubscriptionFilters.NONE, TenantScope.ALL, null, 3, slow);

    for (long seq = 1; seq <= 4; seq++) {
      hub.publish(event(seq, "acme"));
    }
    executor.runAll();
    hub.publish(event(5, "acme"));
    executor.runAll();

    assertThat(slow.overflowedAt).isEqualTo(3);
    assertThat(slow.seqs).isEmpty();
    assertThat(hub.openTaps()).isZero();
  }

  @Test
  void shouldStopDeliveringOnceClosed() {
    Recording closed = new Recording();
    LiveEvents.Tap tap = hub.open(SubscriptionFilters.NONE, TenantScope.ALL, null, 10, closed);
    hub.publish(event(1, "acme"));
    executor.runAll();

    tap.close();
    tap.close();
    hub.publish(event(2, "acme"));
    executor.runAll();

    assertThat(closed.seqs).containsExactly(1L);
    assertThat(hub.openTaps()).isZero();
  }

  private static EventEnvelope event(long seq, String tenant) {
    return EventEnvelope.wrap(
        UUID.randomUUID(), seq, Instant.now(), tenant, TestEvents.system("e" + seq));
  }
}
