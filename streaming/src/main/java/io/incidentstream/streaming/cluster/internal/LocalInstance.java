package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.streaming.cluster.InstanceInfo;
import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.incidentstream.streaming.ws.InstanceIdentity;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * This instance as a cluster member: its id, address and current stats. Thread-safe; reads only
 * counters and sizes, never blocks.
 */
@Singleton
final class LocalInstance {

  private final Instant startedAt = Instant.now();
  private final InstanceIdentity identity;
  private final ClusterConfiguration config;
  private final ConnectionRegistry registry;
  private final SubscriptionService subscriptions;
  private final StreamMetrics metrics;
  private volatile String serverAddress = "starting";

  LocalInstance(
      InstanceIdentity identity,
      ClusterConfiguration config,
      ConnectionRegistry registry,
      SubscriptionService subscriptions,
      StreamMetrics metrics) {
    this.identity = identity;
    this.config = config;
    this.registry = registry;
    this.subscriptions = subscriptions;
    this.metrics = metrics;
  }

  @EventListener
  void onServerStarted(ServerStartupEvent event) {
    EmbeddedServer server = event.getSource();
    serverAddress = server.getHost() + ":" + server.getPort();
  }

  String id() {
    return identity.id();
  }

  InstanceInfo snapshot() {
    return new InstanceInfo(
        identity.id(),
        address(),
        startedAt,
        registry.size(),
        subscriptions.activeSubscriptions(),
        metrics.eventsDelivered(),
        Instant.now());
  }

  /**
   * {@code stream.cluster.advertised-address}, else the embedded server's host and port once it has
   * started ({@code starting} before).
   */
  private String address() {
    String advertised = config.advertisedAddress();
    return advertised != null ? advertised : serverAddress;
  }
}
