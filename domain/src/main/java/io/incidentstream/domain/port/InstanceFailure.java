package io.incidentstream.domain.port;

import java.util.Objects;

/**
 * An instance of the cluster that did not answer a cluster-wide read or command in time (or failed
 * it): the answer holds everything else, and names this instance. Immutable.
 */
public record InstanceFailure(String instanceId, String message) {

  public InstanceFailure {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(message, "message");
  }
}
