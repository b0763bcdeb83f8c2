package io.incidentstream.streaming.ingest;

import io.incidentstream.streaming.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Counts producers' requests by path and outcome, and the events accepted, so that a producer
 * failing at 3 a.m. shows up on a dashboard. Created at start-up so every series exists before the
 * first scrape. Thread-safe.
 */
@Context
public final class IngestMetrics {

  /** Where a producer's events came in: the {@value MetricNames#TAG_PATH} tag. */
  public enum Path {
    /** {@code POST /api/v1/events}. */
    HTTP(MetricNames.PATH_HTTP, EnumSet.allOf(Outcome.class)),
    /** The Redis ingest channel (clustered mode). */
    REDIS(
        MetricNames.PATH_REDIS,
        EnumSet.of(
            Outcome.ACCEPTED,
            Outcome.INVALID_EVENT,
            Outcome.INVALID_TENANT,
            Outcome.TOO_LARGE,
            Outcome.UNAVAILABLE));

    private final String tag;
    private final Set<Outcome> outcomes;

    Path(String tag, Set<Outcome> outcomes) {
      this.tag = tag;
      this.outcomes = outcomes;
    }
  }

  /** Bounded values of the {@value MetricNames#TAG_OUTCOME} tag: accepted, or why not. */
  public enum Outcome {
    ACCEPTED,
    INVALID_EVENT,
    INVALID_TENANT,
    FORBIDDEN_TENANT,
    TOO_LARGE,
    UNSUPPORTED_MEDIA_TYPE,
    UNAVAILABLE,
    ERROR
  }

  private final Map<Path, Map<Outcome, Counter>> requests = new EnumMap<>(Path.class);
  private final Map<Path, Counter> events = new EnumMap<>(Path.class);

  public IngestMetrics(MeterRegistry meters) {
    for (Path path : Path.values()) {
      Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
      for (Outcome outcome : path.outcomes) {
        byOutcome.put(
            outcome,
            Counter.builder(MetricNames.INGEST_REQUESTS)
                .description("Producer requests (HTTP) or messages (Redis) by path and outcome")
                .tag(MetricNames.TAG_PATH, path.tag)
                .tag(MetricNames.TAG_OUTCOME, outcome.name().toLowerCase(Locale.ROOT))
                .register(meters));
      }
      requests.put(path, byOutcome);
      events.put(
          path,
          Counter.builder(MetricNames.INGEST_EVENTS)
              .description("Events accepted from producers, by path")
              .tag(MetricNames.TAG_PATH, path.tag)
              .register(meters));
    }
  }

  /** A request or message refused, or accepted with no event count to add. */
  public void record(Path path, Outcome outcome) {
    Counter counter = requests.get(path).get(outcome);
    if (counter == null) {
      throw new IllegalArgumentException(outcome + " is not an outcome of the " + path + " path");
    }
    counter.increment();
  }

  /** A request or message accepted, with the events it carried. */
  public void accepted(Path path, int eventCount) {
    record(path, Outcome.ACCEPTED);
    events.get(path).increment(eventCount);
  }
}
