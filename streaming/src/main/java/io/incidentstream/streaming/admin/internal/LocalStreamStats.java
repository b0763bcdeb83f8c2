package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.StatsReport;
import io.incidentstream.domain.port.StreamStats;
import io.incidentstream.streaming.ws.InstanceIdentity;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/** The {@link StreamStats} of this instance alone. Thread-safe. */
@Singleton
final class LocalStreamStats implements StreamStats {

  private final LocalStats stats;
  private final InstanceIdentity identity;

  LocalStreamStats(LocalStats stats, InstanceIdentity identity) {
    this.stats = stats;
    this.identity = identity;
  }

  @Override
  public CompletionStage<StatsReport> snapshot(@Nullable String instanceId) {
    if (instanceId != null && !instanceId.equals(identity.id())) {
      return CompletableFuture.completedFuture(new StatsReport(null, List.of()));
    }
    return CompletableFuture.completedFuture(new StatsReport(stats.snapshot(), List.of()));
  }
}
