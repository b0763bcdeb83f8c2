package io.incidentstream.streaming.support;

import io.incidentstream.streaming.metrics.StreamMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Reads the stream's meters the way a dashboard would. */
public final class Meters {

  private Meters() {}

  /** Events shed from full connection queues, all priorities together. */
  public static double shedEvents(MeterRegistry meters) {
    return meters
        .find(StreamMetrics.EVENTS_DROPPED)
        .tag("reason", StreamMetrics.DROP_QUEUE_FULL)
        .counters()
        .stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
