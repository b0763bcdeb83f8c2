package io.incidentstream.streaming.cluster;

import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /api/v1/cluster/members}: {@code {"instances":[{"instance_id":…,"address":…,
 * "started_at":…,"connections":…,"subscriptions":…,"events_delivered":…,"last_seen":…}]}}. Answers
 * from the membership's in-memory view, so it never waits on Redis. Stateless and thread-safe.
 */
@Controller("/api/v1/cluster/members")
public final class ClusterMembersController {

  private final ClusterMembership membership;

  public ClusterMembersController(ClusterMembership membership) {
    this.membership = Objects.requireNonNull(membership, "membership");
  }

  @Get(produces = MediaType.APPLICATION_JSON)
  public Members members() {
    return new Members(membership.members());
  }

  /** The response body. */
  @Serdeable
  public record Members(List<InstanceInfo> instances) {}
}
