package io.incidentstream.streaming.ingest;

import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.Receipt;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.streaming.cluster.ClusterBus;
import io.incidentstream.streaming.metrics.MetricNames;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Checks a batch at the door (non-empty, at most {@link ProtocolCodec#MAX_BATCH_SIZE}, valid
 * tenant), hands it to the {@link ClusterBus} and times how long the bus takes to sequence it.
 * Thread-safe.
 */
@Singleton
public final class DefaultEventPublisher implements EventPublisher {

  /**
   * Buckets of the publish latency: sequencing takes microseconds embedded, a round trip clustered.
   */
  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(1),
    Duration.ofMillis(2),
    Duration.ofMillis(5),
    Duration.ofMillis(10),
    Duration.ofMillis(25),
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2)
  };

  private final ClusterBus bus;
  private final Timer publishLatency;

  public DefaultEventPublisher(ClusterBus bus, MeterRegistry meters) {
    this.bus = Objects.requireNonNull(bus, "bus");
    this.publishLatency =
        Timer.builder(MetricNames.BUS_PUBLISH_LATENCY)
            .description("Handing a batch to the cluster bus until its events are sequenced")
            .serviceLevelObjectives(LATENCY_BUCKETS)
            .register(meters);
  }

  @Override
  public CompletableFuture<List<Receipt>> submit(
      List<ProducedEvent> events, String tenant, @Nullable String traceparent) {
    Objects.requireNonNull(events, "events");
    if (events.isEmpty()) {
      throw new IllegalArgumentException("events must not be empty");
    }
    if (events.size() > ProtocolCodec.MAX_BATCH_SIZE) {
      throw new IllegalArgumentException(
          "events must hold at most " + ProtocolCodec.MAX_BATCH_SIZE + ", was " + events.size());
    }
    String valid = TenantIds.requireValid(tenant);
    long start = System.nanoTime();
    return bus.submit(events, valid, traceparent)
        .whenComplete(
            (receipts, failure) -> {
              if (failure == null) {
                publishLatency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
              }
            });
  }
}
