package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.ClusterDirectory;
import io.incidentstream.domain.port.StatsReport;
import io.incidentstream.domain.port.StatsSnapshot;
import io.incidentstream.domain.port.StreamStats;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The {@link StreamStats} of one instance (this one, or a peer asked over HTTP) or of the whole
 * cluster: counters and rates summed, uptime the longest, latency percentiles over the instances'
 * merged histograms. Thread-safe.
 */
@Singleton
final class ClusterStreamStats implements StreamStats {

  private final LocalStats local;
  private final ClusterDirectory cluster;
  private final PeerClient peers;

  ClusterStreamStats(LocalStats local, ClusterDirectory cluster, PeerClient peers) {
    this.local = local;
    this.cluster = cluster;
    this.peers = peers;
  }

  @Override
  public CompletionStage<StatsReport> snapshot(@Nullable String instanceId) {
    String self = cluster.localInstanceId();
    if (self.equals(instanceId)) {
      return CompletableFuture.completedFuture(new StatsReport(local.snapshot(), List.of()));
    }
    boolean member =
        instanceId == null || cluster.instances().stream().anyMatch(i -> i.id().equals(instanceId));
    if (!member) {
      return CompletableFuture.completedFuture(new StatsReport(null, List.of()));
    }
    CompletableFuture<Peers.Gathered<AdminWire.LocalStatsReply>> theirs =
        Peers.ask(
            cluster,
            instanceId,
            peer ->
                peers.get(
                    peer, PeerAdminController.STATS, Argument.of(AdminWire.LocalStatsReply.class)));
    if (instanceId != null) {
      return theirs.thenApply(
          g ->
              new StatsReport(
                  g.answers().isEmpty() ? null : g.answers().get(0).stats(), g.failures()));
    }
    StatsSnapshot own = local.snapshot();
    LatencyWindow ownWindow = local.latencyWindow();
    return theirs.thenApply(g -> new StatsReport(sum(own, ownWindow, g.answers()), g.failures()));
  }

  private static StatsSnapshot sum(
      StatsSnapshot own, LatencyWindow ownWindow, List<AdminWire.LocalStatsReply> others) {
    if (others.isEmpty()) {
      return own;
    }
    int connections = own.activeConnections();
    long total = own.totalConnections();
    int subscriptions = own.activeSubscriptions();
    long published = own.eventsPublished();
    long broadcast = own.eventsBroadcast();
    long delivered = own.eventsDelivered();
    long dropped = own.eventsDropped();
    Map<String, Long> byReason = new HashMap<>(own.droppedByReason());
    long slow = own.slowConsumerCloses();
    Duration uptime = own.uptime();
    double eventsPerSecond = own.eventsPerSecond();
    double deliveriesPerSecond = own.deliveriesPerSecond();
    LatencyWindow window = ownWindow;
    for (AdminWire.LocalStatsReply reply : others) {
      StatsSnapshot s = reply.stats();
      connections += s.activeConnections();
      total += s.totalConnections();
      subscriptions += s.activeSubscriptions();
      published += s.eventsPublished();
      broadcast += s.eventsBroadcast();
      delivered += s.eventsDelivered();
      dropped += s.eventsDropped();
      s.droppedByReason().forEach((reason, n) -> byReason.merge(reason, n, Long::sum));
      slow += s.slowConsumerCloses();
      uptime = uptime.compareTo(s.uptime()) >= 0 ? uptime : s.uptime();
      eventsPerSecond = Math.max(eventsPerSecond, s.eventsPerSecond());
      deliveriesPerSecond += s.deliveriesPerSecond();
      window = window.plus(new LatencyWindow(reply.boundsMillis(), reply.cumulative()));
    }
    return new StatsSnapshot(
        null,
        Instant.now(),
        connections,
        total,
        subscriptions,
        published,
        broadcast,
        delivered,
        dropped,
        byReason,
        slow,
        window.percentile(0.50),
        window.percentile(0.99),
        uptime,
        eventsPerSecond,
        deliveriesPerSecond);
  }
}
