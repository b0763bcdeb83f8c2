package io.incidentstream.domain.port;

import java.time.Instant;
import java.util.Objects;

/**
 * One live instance of the cluster. Immutable.
 *
 * @param address where it serves {@code /ws} and HTTP ({@code host:port})
 * @param lastSeen when it last refreshed its membership
 */
public record InstanceView(String id, String address, Instant startedAt, Instant lastSeen) {

  public InstanceView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }
}
