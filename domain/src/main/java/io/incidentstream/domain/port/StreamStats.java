package io.incidentstream.domain.port;

import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The stream's counters for the admin API: one instance's, or the cluster's summed (percentiles
 * over the instances' merged latency histograms). Thread-safe.
 */
public interface StreamStats {

  /**
   * @param instanceId one live instance, or null for the whole cluster
   */
  CompletionStage<StatsReport> snapshot(@Nullable String instanceId);
}
