package io.incidentstream.streaming.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.streaming.support.TestEvents;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.cluster.ClusterInstance;
import io.incidentstream.streaming.support.cluster.Deliveries;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Instances know each other through TTL'd membership keys; a gone instance drops out. */
class ClusterMembershipIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String MEMBER_KEY = ClusterFixture.KEY_PREFIX + ":members:";
  private static final Duration TTL = ClusterFixture.MEMBERSHIP_TTL;

  /**
   * One TTL, plus one refresh period (TTL/3) for a listing that is cached between refreshes, plus
   * polling slack: a key outlives its instance by at most one TTL.
   */
  private static final Duration DROP_OUT = TTL.plus(TTL.dividedBy(3)).plusMillis(500);

  private static final Duration ZOMBIE_TTL = TTL.multipliedBy(2);

  private ClusterFixture cluster;

  @BeforeEach
  void startCluster() {
    REDIS.flushAll();
    cluster = ClusterFixture.start(REDIS.uri());
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  @Test
  void shouldListAllThreeInstancesThenTwoOnceOneIsStopped() {
    List<String> all = cluster.instanceIds();
    for (ClusterInstance instance : cluster.instances()) {
      await().atMost(DROP_OUT).until(() -> ids(instance).equals(all));
      assertThat(httpIds(instance)).isEqualTo(all);
    }

    cluster.get(2).stop();

    List<String> survivors = all.subList(0, 2);
    for (ClusterInstance instance : cluster.running()) {
      await().atMost(DROP_OUT).until(() -> ids(instance).equals(survivors));
      assertThat(httpIds(instance)).isEqualTo(survivors);
    }
  }

  @Test
  void shouldPublishEachInstancesAddressStartAndStatsOverHttp() {
    ClusterInstance node0 = cluster.get(0);
    var first = node0.subscribed("{}");
    node0.subscribed("{\"event_types\":[\"system_event\"]}");
    node0.ingest(TestEvents.systemJson("counted"));
    Deliveries.awaitThrough(first, 1);
    Instant testStart = Instant.now();

    ClusterInstance observer = cluster.get(2);
    await()
        .atMost(DROP_OUT)
        .until(
            () -> {
              JsonNode info = member(observer, node0);
              return info.path("connections").asInt() == 2
                  && info.path("events_delivered").asLong() >= 1;
            });
    JsonNode info = member(observer, node0);

    assertThat(info.path("address").asText()).isEqualTo(node0.address());
    assertThat(info.path("connections").asInt()).isEqualTo(2);
    assertThat(info.path("subscriptions").asInt()).isEqualTo(2);
    assertThat(Instant.parse(info.path("started_at").asText())).isBefore(testStart);
    assertThat(Instant.parse(info.path("last_seen").asText()))
        .isAfterOrEqualTo(Instant.parse(info.path("started_at").asText()));
    List<InstanceInfo> members = observer.bean(ClusterMembership.class).members();
    assertThat(members).extracting(InstanceInfo::instanceId).isEqualTo(cluster.instanceIds());
    assertThat(members.get(0).address()).isEqualTo(node0.address());
  }

  @Test
  void shouldDropAnInstanceThatDiedWithoutCleaningUpWithinOneTtl() {
    ClusterInstance observer = cluster.get(0);
    await().atMost(DROP_OUT).until(() -> ids(observer).size() == 3);
    try (RespClient redis = REDIS.client()) {
      for (String id : cluster.instanceIds()) {
        long ttl = (Long) redis.call("PTTL", MEMBER_KEY + id);
        assertThat(ttl).as("TTL of %s's key", id).isPositive().isLessThanOrEqualTo(TTL.toMillis());
      }
      // What a crashed node-9 leaves behind: its last refresh, expiring on its own. Its TTL is
      // long enough for the listing to show it first, whenever the listing refreshes.
      String leftOver = (String) redis.call("GET", MEMBER_KEY + "node-2");
      redis.call(
          "SET",
          MEMBER_KEY + "node-9",
          leftOver.replace("node-2", "node-9"),
          "PX",
          Long.toString(ZOMBIE_TTL.toMillis()));
    }

    await().atMost(DROP_OUT).until(() -> ids(observer).contains("node-9"));
    await().atMost(ZOMBIE_TTL.plus(DROP_OUT)).until(() -> !ids(observer).contains("node-9"));

    assertThat(ids(observer)).isEqualTo(cluster.instanceIds());
  }

  private static List<String> ids(ClusterInstance instance) {
    return instance.bean(ClusterMembership.class).members().stream()
        .map(InstanceInfo::instanceId)
        .toList();
  }

  private static List<String> httpIds(ClusterInstance instance) {
    List<String> ids = new ArrayList<>();
    members(instance).forEach(member -> ids.add(member.path("instance_id").asText()));
    return ids;
  }

  private static JsonNode member(ClusterInstance observer, ClusterInstance member) {
    for (JsonNode info : members(observer)) {
      if (info.path("instance_id").asText().equals(member.instanceId())) {
        return info;
      }
    }
    return JSON.createObjectNode();
  }

  private static JsonNode members(ClusterInstance instance) {
    HttpResponse<String> response = instance.get(ClusterInstance.MEMBERS_PATH);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    try {
      return JSON.readTree(response.body()).path("instances");
    } catch (Exception e) {
      throw new AssertionError("unreadable members answer: " + response.body(), e);
    }
  }
}
