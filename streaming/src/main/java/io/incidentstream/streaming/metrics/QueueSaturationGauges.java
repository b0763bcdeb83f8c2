package io.incidentstream.streaming.metrics;

import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.incidentstream.streaming.ws.StreamSession;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Arrays;

/**
 * {@link MetricNames#QUEUE_SATURATION} (the fullest queue) and {@link
 * MetricNames#QUEUE_SATURATION_SESSIONS} (how many sessions are how full, as cumulative {@code le}
 * buckets), both from one pass over the sessions per scrape. The pass reads each queue's fill
 * without its lock ({@link StreamSession#queueSaturation}); the gauges of one scrape share the
 * result of the pass, which is redone once it is older than {@link #MAX_AGE_NANOS}. Thread-safe.
 */
final class QueueSaturationGauges {

  /** Upper bounds of the session buckets; a last {@code +Inf} bucket counts every session. */
  static final double[] BOUNDS = {0.1, 0.25, 0.5, 0.75, 0.9, 1.0};

  /** A snapshot younger than this serves every gauge of the same scrape. */
  static final long MAX_AGE_NANOS = 100_000_000L;

  private final ConnectionRegistry registry;
  private long takenAtNanos;
  private boolean taken;
  private double max;
  private final long[] cumulative = new long[BOUNDS.length + 1];

  QueueSaturationGauges(ConnectionRegistry registry) {
    this.registry = registry;
  }

  void register(MeterRegistry meters) {
    Gauge.builder(MetricNames.QUEUE_SATURATION, this, QueueSaturationGauges::max)
        .description("Fullest outbound queue on this instance, 0..1")
        .register(meters);
    for (int i = 0; i <= BOUNDS.length; i++) {
      int bucket = i;
      String le = i < BOUNDS.length ? Double.toString(BOUNDS[i]) : "+Inf";
      Gauge.builder(MetricNames.QUEUE_SATURATION_SESSIONS, this, g -> g.sessionsUpTo(bucket))
          .description("Sessions whose outbound queue is at most le full (cumulative)")
          .tag(MetricNames.TAG_LE, le)
          .register(meters);
    }
  }

  synchronized double max() {
    refresh();
    return max;
  }

  synchronized double sessionsUpTo(int bucket) {
    refresh();
    return cumulative[bucket];
  }

  private void refresh() {
    long now = System.nanoTime();
    if (taken && now - takenAtNanos < MAX_AGE_NANOS) {
      return;
    }
    Arrays.fill(cumulative, 0);
    double fullest = 0;
    for (StreamSession session : registry.sessions()) {
      double saturation = session.queueSaturation();
      fullest = Math.max(fullest, saturation);
      cumulative[bucketOf(saturation)]++;
    }
    for (int i = 1; i < cumulative.length; i++) {
      cumulative[i] += cumulative[i - 1];
    }
    max = fullest;
    takenAtNanos = now;
    taken = true;
  }

  private static int bucketOf(double saturation) {
    for (int i = 0; i < BOUNDS.length; i++) {
      if (saturation <= BOUNDS[i]) {
        return i;
      }
    }
    return BOUNDS.length;
  }
}
