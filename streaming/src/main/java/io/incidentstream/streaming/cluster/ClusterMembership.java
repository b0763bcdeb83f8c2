package io.incidentstream.streaming.cluster;

import java.util.List;

/**
 * The live instances of the cluster: this one alone in embedded mode; in clustered mode every
 * instance whose membership key has not expired. Thread-safe; never blocks (clustered mode answers
 * from a view refreshed in the background).
 */
public interface ClusterMembership {

  /** Live instances, sorted by instance id. */
  List<InstanceInfo> members();
}
