package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.history.StreamEpoch;
import io.incidentstream.streaming.history.internal.InMemoryEventHistory;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.tracing.StreamTracing;
import io.micronaut.context.event.ApplicationEventPublisher;
import java.time.Clock;

/**
 * The real {@link FanOutEngine}, driven from the caller's thread instead of its dispatch thread,
 * behind {@link io.incidentstream.streaming.harness.FanOutHarness}. Not thread-safe: one thread
 * makes every call.
 */
public final class FanOutDriver implements AutoCloseable {

  private final FanOutEngine engine;

  public FanOutDriver(StreamConfiguration config, StreamMetrics metrics) {
    this.engine =
        new FanOutEngine(
            config,
            new InMemoryEventHistory(
                config.historySize(), config.historyRetention(), Clock.systemUTC()),
            new StreamEpoch(),
            metrics,
            StreamTracing.OFF,
            ApplicationEventPublisher.noOp());
  }

  /** What sessions call back into (on close: {@code removeAll}). */
  public SubscriptionService subscriptions() {
    return engine;
  }

  public void subscribe(Recipient recipient, ClientMessage.Subscribe subscribe) {
    engine.subscribeHere(recipient, subscribe);
  }

  /** Matches the event, encodes it once and queues it to every matching recipient. */
  public void dispatch(EventEnvelope envelope) {
    engine.dispatchHere(envelope);
  }

  @Override
  public void close() {
    engine.stop();
  }
}
