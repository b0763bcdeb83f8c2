package io.incidentstream.streaming.support;

import io.incidentstream.streaming.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/** Reads the stream's meters the way a dashboard would. */
public final class Meters {

  private static final List<String> SHED =
      List.of(
          MetricNames.DROP_QUEUE_FULL_LOW,
          MetricNames.DROP_QUEUE_FULL_NORMAL,
          MetricNames.DROP_QUEUE_FULL_HIGH);

  private Meters() {}

  /** Events shed from full connection queues, all priorities together. */
  public static double shedEvents(MeterRegistry meters) {
    return SHED.stream().mapToDouble(reason -> dropped(meters, reason)).sum();
  }

  /** {@code websocket_events_dropped_total{reason}}. */
  public static double dropped(MeterRegistry meters, String reason) {
    return meters
        .find(MetricNames.EVENTS_DROPPED)
        .tag(MetricNames.TAG_REASON, reason)
        .counters()
        .stream()
        .mapToDouble(Counter::count)
        .sum();
  }
}
