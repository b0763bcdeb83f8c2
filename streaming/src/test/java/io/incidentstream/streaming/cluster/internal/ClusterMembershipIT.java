package io.incidentstream.streaming.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.streaming.cluster.ClusterMembership;
import io.incidentstream.streaming.cluster.InstanceInfo;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Membership keys with a TTL: instances appear, a dead one expires, a stopped one leaves. */
class ClusterMembershipIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final RedisKeys KEYS = new RedisKeys("incident-stream");
  private static final ObjectMapper JSON = new ObjectMapper();

  private EmbeddedServer server;
  private BusNode other;

  @BeforeEach
  void setUp() {
    REDIS.flushAll();
    Map<String, Object> properties = new HashMap<>();
    properties.put("micronaut.server.port", -1);
    properties.put("redis.uri", REDIS.uri());
    properties.put("stream.instance-id", "member-a");
    properties.put("stream.cluster.heartbeat-interval", "100ms");
    properties.put("stream.cluster.heartbeat-timeout", "5s");
    properties.put("stream.cluster.membership-ttl", "1500ms");
    server = ApplicationContext.run(EmbeddedServer.class, properties);
    other = BusNode.start(REDIS, "member-b");
  }

  @AfterEach
  void tearDown() {
    if (other != null) {
      other.close();
    }
    server.close();
  }

  @Test
  void shouldListEveryLiveInstanceOverHttpSortedById() throws Exception {
    await().until(() -> ids().equals(List.of("member-a", "member-b")));

    JsonNode body = JSON.readTree(new Http(server.getURI()).get("/api/v1/cluster/members").body());

    JsonNode self = body.get("instances").get(0);
    assertThat(self.get("instance_id").asText()).isEqualTo("member-a");
    assertThat(self.get("address").asText()).isEqualTo("localhost:" + server.getPort());
    assertThat(self.get("connections").asInt()).isZero();
    assertThat(self.get("subscriptions").asInt()).isZero();
    assertThat(self.get("events_delivered").asLong()).isZero();
    assertThat(Instant.parse(self.get("started_at").asText()))
        .isBefore(Instant.parse(self.get("last_seen").asText()));
    assertThat(body.get("instances").get(1).get("instance_id").asText()).isEqualTo("member-b");
    MeterRegistry meters = server.getApplicationContext().getBean(MeterRegistry.class);
    assertThat(meters.get(MetricNames.CLUSTER_MEMBERS).gauge().value()).isEqualTo(2);
  }

  @Test
  void shouldDropAnInstanceWhoseKeyExpired() throws Exception {
    InstanceInfo ghost =
        new InstanceInfo("member-c", "10.0.0.9:8080", Instant.now(), 3, 4, 5, Instant.now());
    try (RespClient redis = REDIS.client()) {
      redis.call(
          "SET", KEYS.member("member-c"), JSON.writeValueAsString(toJson(ghost)), "PX", "1500");
    }

    await().until(() -> ids().contains("member-c"));
    assertThat(members().get(2)).isEqualTo(ghost);
    await().until(() -> !ids().contains("member-c"));
    assertThat(ids()).containsExactly("member-a", "member-b");
  }

  @Test
  void shouldDropAStoppedInstanceAtOnce() {
    await().until(() -> ids().contains("member-b"));

    other.close();
    other = null;

    try (RespClient redis = REDIS.client()) {
      assertThat(redis.call("EXISTS", KEYS.member("member-b"))).isEqualTo(0L);
    }
    await().until(() -> ids().equals(List.of("member-a")));
  }

  private List<InstanceInfo> members() {
    return server.getApplicationContext().getBean(ClusterMembership.class).members();
  }

  private List<String> ids() {
    return members().stream().map(InstanceInfo::instanceId).toList();
  }

  private static Map<String, Object> toJson(InstanceInfo info) {
    return Map.of(
        "instance_id", info.instanceId(),
        "address", info.address(),
        "started_at", info.startedAt().toString(),
        "connections", info.connections(),
        "subscriptions", info.subscriptions(),
        "events_delivered", info.eventsDelivered(),
        "last_seen", info.lastSeen().toString());
  }
}
