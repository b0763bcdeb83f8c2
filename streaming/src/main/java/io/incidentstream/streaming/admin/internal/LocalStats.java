package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.StatsSnapshot;
import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.ws.CloseCode;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.incidentstream.streaming.ws.InstanceIdentity;
import io.incidentstream.streaming.ws.SessionClosedEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micronaut.context.annotation.Context;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.TaskScheduler;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Named;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * This instance's {@link StatsSnapshot}: counters read from the meters of the {@link MetricNames}
 * catalogue, and rates and latency percentiles over the last 10 s from a ring of one sample per
 * second (events broadcast, deliveries, and the latency histogram's bucket counts). Thread-safe:
 * the sampler runs on the scheduler, readers copy the ring under its lock.
 *
 * <p>Created at start-up, so the window is full by the time an operator looks. It schedules its own
 * sampling and cancels it when destroyed: a {@code @Scheduled} method would look the bean up on
 * every run, and a run during shutdown, after its dependencies were destroyed, logged an error.
 */
@Context
final class LocalStats {

  static final int WINDOW_SECONDS = 10;
  private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

  private final MeterRegistry meters;
  private final ConnectionRegistry registry;
  private final SubscriptionService subscriptions;
  private final InstanceIdentity instance;
  private final AtomicLong slowConsumerCloses = new AtomicLong();
  private final Sample[] ring = new Sample[WINDOW_SECONDS + 1];
  private final ScheduledFuture<?> sampling;
  private int next;

  LocalStats(
      MeterRegistry meters,
      ConnectionRegistry registry,
      SubscriptionService subscriptions,
      InstanceIdentity instance,
      @Named(TaskExecutors.SCHEDULED) TaskScheduler scheduler) {
    this.meters = meters;
    this.registry = registry;
    this.subscriptions = subscriptions;
    this.instance = instance;
    sample();
    this.sampling = scheduler.scheduleAtFixedRate(SAMPLE_EVERY, SAMPLE_EVERY, this::sample);
  }

  @PreDestroy
  void stop() {
    sampling.cancel(false);
  }

  @EventListener
  void onClosed(SessionClosedEvent event) {
    Integer code = event.closeCode();
    if (code != null && code == CloseCode.SLOW_CONSUMER.code()) {
      slowConsumerCloses.incrementAndGet();
    }
  }

  private void sample() {
    Sample now = takeSample();
    synchronized (ring) {
      ring[next] = now;
      next = (next + 1) % ring.length;
    }
  }

  /** The oldest sample of the window (about 10 s old once the instance has run that long). */
  private @Nullable Sample oldest() {
    synchronized (ring) {
      for (int i = 0; i < ring.length; i++) {
        Sample s = ring[(next + i) % ring.length];
        if (s != null) {
          return s;
        }
      }
      return null;
    }
  }

  StatsSnapshot snapshot() {
    Sample now = takeSample();
    Sample then = oldest();
    double seconds = then == null ? 0 : (now.nanos - then.nanos) / 1e9;
    Map<String, Long> dropped = droppedByReason();
    long droppedTotal = dropped.values().stream().mapToLong(Long::longValue).sum();
    long[] window = then == null ? new long[0] : now.minus(then);
    return new StatsSnapshot(
        instance.id(),
        Instant.now(),
        registry.size(),
        (long) gauge(MetricNames.TOTAL_CONNECTIONS),
        subscriptions.activeSubscriptions(),
        (long) counter(MetricNames.BUS_EVENTS_PUBLISHED),
        now.broadcast,
        now.delivered,
        droppedTotal,
        dropped,
        slowConsumerCloses.get(),
        LatencyWindow.percentile(now.boundsMillis, window, 0.50),
        LatencyWindow.percentile(now.boundsMillis, window, 0.99),
        Duration.ofMillis(ManagementFactory.getRuntimeMXBean().getUptime()),
        seconds <= 0 ? 0 : (now.broadcast - then.broadcast) / seconds,
        seconds <= 0 ? 0 : (now.delivered - then.delivered) / seconds);
  }

  /** The latency histogram's buckets over the window (for a cluster sum), bounds in ms. */
  LatencyWindow latencyWindow() {
    Sample now = takeSample();
    Sample then = oldest();
    return new LatencyWindow(now.boundsMillis, then == null ? new long[0] : now.minus(then));
  }

  private Sample takeSample() {
    Timer latency = meters.find(MetricNames.MESSAGE_LATENCY).timer();
    CountAtBucket[] buckets =
        latency == null ? new CountAtBucket[0] : latency.takeSnapshot().histogramCounts();
    double[] bounds = new double[buckets.length];
    long[] counts = new long[buckets.length + 1];
    for (int i = 0; i < buckets.length; i++) {
      bounds[i] = buckets[i].bucket(java.util.concurrent.TimeUnit.MILLISECONDS);
      counts[i] = (long) buckets[i].count();
    }
    counts[buckets.length] = latency == null ? 0 : latency.count();
    return new Sample(
        System.nanoTime(),
        (long) counter(MetricNames.EVENTS_BROADCAST),
        (long) counter(MetricNames.EVENTS_DELIVERED),
        bounds,
        counts);
  }

  private double counter(String name) {
    return meters.find(name).counters().stream().mapToDouble(Counter::count).sum();
  }

  private double gauge(String name) {
    Gauge gauge = meters.find(name).gauge();
    return gauge == null ? 0 : gauge.value();
  }

  private Map<String, Long> droppedByReason() {
    Map<String, Long> byReason = new HashMap<>();
    for (Counter c : meters.find(MetricNames.EVENTS_DROPPED).counters()) {
      String reason = c.getId().getTag(MetricNames.TAG_REASON);
      byReason.merge(reason == null ? "unknown" : reason, (long) c.count(), Long::sum);
    }
    return byReason;
  }

  /**
   * One second's reading: cumulative counts since start (the Prometheus histogram's buckets are
   * cumulative counters, the last slot is the total count).
   */
  private record Sample(
      long nanos, long broadcast, long delivered, double[] boundsMillis, long[] counts) {

    long[] minus(Sample earlier) {
      if (earlier.counts.length != counts.length) {
        return new long[0];
      }
      long[] delta = new long[counts.length];
      for (int i = 0; i < counts.length; i++) {
        delta[i] = Math.max(0, counts[i] - earlier.counts[i]);
      }
      return delta;
    }
  }
}
