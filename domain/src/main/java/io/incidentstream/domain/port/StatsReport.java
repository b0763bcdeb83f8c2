package io.incidentstream.domain.port;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a stats read. Immutable.
 *
 * @param stats the counters; null when the instance asked for is not a live member
 * @param unavailable the instances that did not answer (missing from a cluster sum)
 */
public record StatsReport(@Nullable StatsSnapshot stats, List<InstanceFailure> unavailable) {

  public StatsReport {
    unavailable = List.copyOf(unavailable);
  }
}
