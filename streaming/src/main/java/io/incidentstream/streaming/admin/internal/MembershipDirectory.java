package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.ClusterDirectory;
import io.incidentstream.domain.port.InstanceView;
import io.incidentstream.streaming.cluster.ClusterMembership;
import io.incidentstream.streaming.cluster.InstanceInfo;
import io.incidentstream.streaming.ws.InstanceIdentity;
import jakarta.inject.Singleton;
import java.util.List;

/** The {@link ClusterDirectory} over the cluster membership. Thread-safe; never blocks. */
@Singleton
final class MembershipDirectory implements ClusterDirectory {

  private final ClusterMembership membership;
  private final InstanceIdentity identity;

  MembershipDirectory(ClusterMembership membership, InstanceIdentity identity) {
    this.membership = membership;
    this.identity = identity;
  }

  @Override
  public String localInstanceId() {
    return identity.id();
  }

  @Override
  public List<InstanceView> instances() {
    return membership.members().stream().map(MembershipDirectory::view).toList();
  }

  private static InstanceView view(InstanceInfo info) {
    return new InstanceView(info.instanceId(), info.address(), info.startedAt(), info.lastSeen());
  }
}
