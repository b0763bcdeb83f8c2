package io.incidentstream.streaming.cluster.internal;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The {@code stream.bus.*} settings of the in-process bus.
 *
 * @param maxPendingBatches batches waiting for the sequencer before publish fails fast (ingest
 *     answers 503) instead of growing the heap
 * @param shutdownTimeout how long shutdown waits for the sequencer to drain what is queued
 */
@ConfigurationProperties("stream.bus")
public record BusConfiguration(
    @Bindable(defaultValue = "10000") int maxPendingBatches,
    @Bindable(defaultValue = "5s") Duration shutdownTimeout) {

  public BusConfiguration {
    if (maxPendingBatches < 1) {
      throw new IllegalArgumentException(
          "stream.bus.max-pending-batches must be >= 1, was " + maxPendingBatches);
    }
  }
}
