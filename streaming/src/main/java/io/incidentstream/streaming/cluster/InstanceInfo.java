package io.incidentstream.streaming.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.Objects;

/**
 * One instance as the cluster sees it; serialised with snake_case names, as {@code GET
 * /api/v1/cluster/members} shows it and as each instance keeps it in its membership key. Immutable.
 *
 * @param instanceId the {@code instance_id} of its {@code welcome} frames
 * @param address where it serves {@code /ws} and the HTTP API ({@code host:port})
 * @param eventsDelivered events queued for its connections since it started
 * @param lastSeen when it last refreshed its membership
 */
@Serdeable
public record InstanceInfo(
    @JsonProperty("instance_id") String instanceId,
    String address,
    @JsonProperty("started_at") Instant startedAt,
    int connections,
    int subscriptions,
    @JsonProperty("events_delivered") long eventsDelivered,
    @JsonProperty("last_seen") Instant lastSeen) {

  public InstanceInfo {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(lastSeen, "lastSeen");
  }
}
