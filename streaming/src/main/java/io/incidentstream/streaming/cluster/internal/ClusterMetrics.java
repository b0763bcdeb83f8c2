package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.streaming.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The meters of the Redis bus, made once at start-up with bounded tags (names in {@link
 * MetricNames}; events published count under the same name as in embedded mode). Gauges are
 * registered by their owners ({@link LettuceClusterBus}, {@link RedisClusterMembership}).
 * Thread-safe.
 */
@Singleton
@Requires(property = "redis.uri")
public final class ClusterMetrics {

  /** Why the bus dropped an event or message: the {@code reason} tag of {@link #DROPPED}. */
  public enum Drop {
    /** Already delivered (seq not above the last delivered one). */
    DUPLICATE("duplicate"),
    /** Not decodable: a bad envelope on the events channel or in the history, or bad ingest. */
    INVALID("invalid"),
    /** An ingest message larger than {@code stream.cluster.ingest-max-size}. */
    TOO_LARGE("too_large"),
    /** A seq the shared history no longer held when this instance back-filled it. */
    MISSING("missing"),
    /** An ingest message this instance had no room to queue (another instance may take it). */
    OVERLOADED("overloaded"),
    /** An ingest message that could not be published: Redis failed while sequencing it. */
    UNAVAILABLE("unavailable");

    private final String tag;

    Drop(String tag) {
      this.tag = tag;
    }

    public String tag() {
      return tag;
    }
  }

  /** Buckets of the pub/sub lag: a healthy round trip is milliseconds, the alert is at 1 s. */
  static final Duration[] LAG_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5)
  };

  private final Timer lag;
  private final Counter reconnects;
  private final Counter backfilled;
  private final Counter published;
  private final Counter epochChanges;
  private final Map<Drop, Counter> dropped = new EnumMap<>(Drop.class);

  public ClusterMetrics(MeterRegistry meters) {
    lag =
        Timer.builder(MetricNames.CLUSTER_PUBSUB_LAG)
            .description("Round trip of this instance's own bus heartbeat through Redis pub/sub")
            .serviceLevelObjectives(LAG_BUCKETS)
            .register(meters);
    reconnects =
        Counter.builder(MetricNames.CLUSTER_RECONNECTS)
            .description("Connections to Redis re-established after a loss or a resubscribe")
            .register(meters);
    backfilled =
        Counter.builder(MetricNames.CLUSTER_BACKFILLED)
            .description("Events read back from the shared history to close a seq gap")
            .register(meters);
    published =
        Counter.builder(MetricNames.BUS_EVENTS_PUBLISHED)
            .description("Events this instance sequenced into the stream")
            .register(meters);
    epochChanges =
        Counter.builder(MetricNames.CLUSTER_EPOCH_CHANGES)
            .description("Times the stream's epoch changed: Redis had lost its sequence counter")
            .register(meters);
    for (Drop reason : Drop.values()) {
      dropped.put(
          reason,
          Counter.builder(MetricNames.CLUSTER_DROPPED)
              .tag("reason", reason.tag())
              .description("Events or messages the bus dropped, by reason")
              .register(meters));
    }
  }

  void lag(Duration roundTrip) {
    lag.record(roundTrip);
  }

  void reconnected() {
    reconnects.increment();
  }

  void backfilled() {
    backfilled.increment();
  }

  void published(int events) {
    published.increment(events);
  }

  void epochChanged() {
    epochChanges.increment();
  }

  void dropped(Drop reason, long count) {
    dropped.get(reason).increment(count);
  }
}
