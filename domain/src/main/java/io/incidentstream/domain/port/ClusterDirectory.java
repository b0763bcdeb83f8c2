package io.incidentstream.domain.port;

import java.util.List;

/** The live instances of the cluster (this one alone when embedded). Thread-safe; never blocks. */
public interface ClusterDirectory {

  /** This instance's id. */
  String localInstanceId();

  /** The live instances, sorted by id. */
  List<InstanceView> instances();
}
