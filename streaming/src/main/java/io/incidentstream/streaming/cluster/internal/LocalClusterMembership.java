package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.streaming.cluster.ClusterMembership;
import io.incidentstream.streaming.cluster.InstanceInfo;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;

/** Embedded mode: the cluster is this instance alone. Thread-safe. */
@Singleton
@Requires(missingProperty = "redis.uri")
final class LocalClusterMembership implements ClusterMembership {

  private final LocalInstance local;

  LocalClusterMembership(LocalInstance local) {
    this.local = local;
  }

  @Override
  public List<InstanceInfo> members() {
    return List.of(local.snapshot());
  }
}
