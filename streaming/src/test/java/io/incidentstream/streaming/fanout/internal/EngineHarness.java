package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.history.StreamEpoch;
import io.incidentstream.streaming.history.internal.InMemoryEventHistory;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.tracing.StreamTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.event.ApplicationEventPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The real {@link FanOutEngine} on its own dispatch thread, with an in-memory history the way the
 * bus fills it: each published event is appended, then handed to fan-out. {@link #settle} waits
 * until everything handed over so far has been applied.
 */
final class EngineHarness implements AutoCloseable {

  private final InMemoryEventHistory history =
      new InMemoryEventHistory(10_000, Duration.ofMinutes(10), Clock.systemUTC());
  final FanOutEngine engine;
  private long seq;

  EngineHarness(int maxSubscriptionsPerSession) {
    engine =
        new FanOutEngine(
            config(maxSubscriptionsPerSession),
            history,
            new StreamEpoch(),
            new StreamMetrics(new SimpleMeterRegistry()),
            StreamTracing.OFF,
            ApplicationEventPublisher.noOp());
  }

  /** Sequences, records and fans out one event of {@code tenant}; returns its seq. */
  long publish(String tenant, IncidentEvent event) {
    EventEnvelope envelope =
        EventEnvelope.wrap(UUID.randomUUID(), ++seq, Instant.now(), tenant, event);
    history.append(envelope);
    engine.onEvent(envelope);
    return envelope.seq();
  }

  /** Returns once every event and subscription change handed over so far has been applied. */
  void settle() {
    CountDownLatch done = new CountDownLatch(1);
    engine.afterPendingEvents(done::countDown);
    try {
      if (!done.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("fan-out did not settle within 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    engine.stop();
  }

  private static StreamConfiguration config(int maxSubscriptionsPerSession) {
    return new StreamConfiguration(
        1000,
        1 << 20,
        Duration.ofSeconds(30),
        Duration.ofSeconds(300),
        Duration.ofSeconds(60),
        65536,
        maxSubscriptionsPerSession,
        1000,
        1000,
        100,
        10_000,
        Duration.ofMinutes(10),
        "test",
        false,
        Duration.ofSeconds(1));
  }
}
