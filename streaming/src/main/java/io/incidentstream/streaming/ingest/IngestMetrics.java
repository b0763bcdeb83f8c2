package io.incidentstream.streaming.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

/**
 * Counts ingest requests by outcome, so a producer failing at 3 a.m. shows up on a dashboard.
 * Created at start-up so every series exists before the first scrape. Thread-safe.
 */
@Context
public final class IngestMetrics {

  static final String METER_REQUESTS = "stream.ingest.requests";
  static final String TAG_OUTCOME = "outcome";

  /** Bounded tag values of {@value #METER_REQUESTS}. */
  enum Outcome {
    ACCEPTED,
    INVALID_EVENT,
    INVALID_TENANT,
    FORBIDDEN_TENANT,
    TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    UNAVAILABLE,
    ERROR
  }

  private final Map<Outcome, Counter> counters = new EnumMap<>(Outcome.class);

  public IngestMetrics(MeterRegistry meters) {
    for (Outcome outcome : Outcome.values()) {
      counters.put(
          outcome,
          Counter.builder(METER_REQUESTS)
              .description("POST /api/v1/events requests by outcome")
              .tag(TAG_OUTCOME, outcome.name().toLowerCase(Locale.ROOT))
              .register(meters));
    }
  }

  void record(Outcome outcome) {
    counters.get(outcome).increment();
  }
}
