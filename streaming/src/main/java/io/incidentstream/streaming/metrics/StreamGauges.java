package io.incidentstream.streaming.metrics;

import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.incidentstream.streaming.ws.SessionClosedEvent;
import io.incidentstream.streaming.ws.SessionOpenedEvent;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.runtime.event.annotation.EventListener;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges read at scrape time, and the per-session meters fed by session events. {@link
 * MetricNames#TOTAL_CONNECTIONS} is a monotonic gauge so that it exports without {@code _total}, as
 * the seed's dashboards expect. Thread-safe.
 */
@Context
public class StreamGauges {

  private final AtomicLong totalConnections = new AtomicLong();
  private final StreamMetrics metrics;
  // Micrometer holds gauge objects weakly: this reference keeps the saturation gauges alive.
  private final QueueSaturationGauges saturation;

  public StreamGauges(
      MeterRegistry meters,
      ConnectionRegistry registry,
      SubscriptionService subscriptions,
      StreamMetrics metrics) {
    this.metrics = metrics;
    Gauge.builder(MetricNames.ACTIVE_CONNECTIONS, registry, ConnectionRegistry::size)
        .description("Open /ws connections on this instance")
        .register(meters);
    Gauge.builder(MetricNames.TOTAL_CONNECTIONS, totalConnections, AtomicLong::get)
        .description("Connections opened since start (monotonic: use rate())")
        .register(meters);
    Gauge.builder(
            MetricNames.ACTIVE_SUBSCRIPTIONS,
            subscriptions,
            SubscriptionService::activeSubscriptions)
        .description("Subscriptions held by this instance's sessions")
        .register(meters);
    this.saturation = new QueueSaturationGauges(registry);
    saturation.register(meters);
  }

  @EventListener
  void onOpened(SessionOpenedEvent event) {
    totalConnections.incrementAndGet();
  }

  @EventListener
  void onClosed(SessionClosedEvent event) {
    metrics.sessionEnded(Duration.between(event.session().openedAt(), Instant.now()));
  }
}
