package io.incidentstream.streaming.metrics;

import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.incidentstream.streaming.ws.SessionClosedEvent;
import io.incidentstream.streaming.ws.SessionOpenedEvent;
import io.incidentstream.streaming.ws.StreamSession;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.runtime.event.annotation.EventListener;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges read at scrape time, and the per-session meters fed by session events. {@code
 * websocket.total.connections} is a monotonic gauge so that it exports without {@code _total}, as
 * the seed's dashboards expect. Thread-safe.
 */
@Context
public class StreamGauges {

  private final AtomicLong totalConnections = new AtomicLong();
  private final StreamMetrics metrics;

  public StreamGauges(
      MeterRegistry meters,
      ConnectionRegistry registry,
      SubscriptionService subscriptions,
      StreamMetrics metrics) {
    this.metrics = metrics;
    Gauge.builder(StreamMetrics.ACTIVE_CONNECTIONS, registry, ConnectionRegistry::size)
        .register(meters);
    Gauge.builder(StreamMetrics.TOTAL_CONNECTIONS, totalConnections, AtomicLong::get)
        .register(meters);
    Gauge.builder(
            StreamMetrics.ACTIVE_SUBSCRIPTIONS,
            subscriptions,
            SubscriptionService::activeSubscriptions)
        .register(meters);
    Gauge.builder(StreamMetrics.QUEUE_SATURATION, registry, StreamGauges::maxSaturation)
        .description("fullest outbound queue on this instance, 0..1")
        .register(meters);
  }

  private static double maxSaturation(ConnectionRegistry registry) {
    double max = 0;
    for (StreamSession session : registry.sessions()) {
      max = Math.max(max, session.queueSaturation());
    }
    return max;
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
