package io.incidentstream.streaming.fanout.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.EventFrame;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.support.StreamFixtures;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection that resumes a second subscription while live events for its first are still on its
 * event loop gets every event in seq order: catch-up queues behind them, not ahead.
 */
class ResumeOrderTest {

  private final EngineHarness harness = new EngineHarness(10);
  private final FanOutEngine engine = harness.engine;

  @AfterEach
  void stop() {
    harness.close();
  }

  private static SubscriptionFilters severity(Severity severity) {
    return new SubscriptionFilters(
        List.of(), List.of(severity), List.of(), List.of(), List.of(), Map.of(), List.of());
  }

  @Test
  void shouldQueueCaughtUpEventsBehindLiveEventsAlreadyOnTheLoop() {
    HeldLoopRecipient dana = new HeldLoopRecipient();
    engine.subscribe(dana, new ClientMessage.Subscribe("p1", severity(Severity.P1), null));
    harness.settle();

    long live = harness.publish("default", StreamFixtures.created(Severity.P1));
    long missed = harness.publish("default", StreamFixtures.created(Severity.P2));
    harness.settle();
    engine.subscribe(dana, new ClientMessage.Subscribe("p2", severity(Severity.P2), 0L));
    harness.settle();

    await().untilAsserted(() -> assertThat(dana.runLoop()).isPositive());
    await()
        .untilAsserted(
            () -> {
              dana.runLoop();
              assertThat(dana.seqs).containsExactly(live, missed);
            });
  }

  /** A connection whose event loop runs only when the test says so; records what it is given. */
  private static final class HeldLoopRecipient implements Recipient {

    final List<Long> seqs = new CopyOnWriteArrayList<>();
    private final ConcurrentLinkedQueue<Runnable> loop = new ConcurrentLinkedQueue<>();

    /** Runs what is on the loop; returns how many tasks ran. */
    int runLoop() {
      int ran = 0;
      for (Runnable task; (task = loop.poll()) != null; ran++) {
        task.run();
      }
      return ran;
    }

    @Override
    public String id() {
      return "dana";
    }

    @Override
    public TenantScope tenantScope() {
      return TenantScope.ALL;
    }

    @Override
    public Executor executor() {
      return loop::add;
    }

    @Override
    public void deliver(EventEnvelope envelope, EventFrame frame, EventFrame suffix) {
      seqs.add(envelope.seq());
    }

    @Override
    public Room deliverIfRoom(EventEnvelope envelope, EventFrame frame, EventFrame suffix) {
      seqs.add(envelope.seq());
      return Room.QUEUED;
    }

    @Override
    public void whenDrained(Runnable task) {
      task.run();
    }

    @Override
    public void send(ServerMessage message) {}

    @Override
    public void catchUpFellBehind() {
      throw new AssertionError("fell behind");
    }

    @Override
    public void streamRestarted() {
      throw new AssertionError("stream restarted");
    }

    @Override
    public String toString() {
      return "dana";
    }
  }
}
