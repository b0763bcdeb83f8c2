package io.incidentstream.admin.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.cluster.ClusterInstance;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Cluster-wide admin over a real redis-server: three instances, of which node-2 advertises an
 * address that accepts connections and never answers (a wedged instance). Reads on node-0 list the
 * sessions of node-0 and node-1 and name node-2 in {@code errors} (UNAVAILABLE) once the timeout
 * passes; a disconnect on node-0 closes a session held by node-1.
 */
class ClusterAdminIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static ServerSocket silent;
  private static ClusterFixture cluster;

  @BeforeAll
  static void start() throws IOException {
    silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    cluster =
        ClusterFixture.builder(REDIS.uri())
            .property("stream.admin.cluster-timeout", "1s")
            .property(2, "stream.cluster.advertised-address", "127.0.0.1:" + silent.getLocalPort())
            .start();
    await()
        .until(
            () ->
                new GraphQlClient(cluster.get(0).uri())
                        .data("{ cluster { instances { id } } }")
                        .get("cluster")
                        .get("instances")
                        .size()
                    == 3);
  }

  @AfterAll
  static void stop() throws IOException {
    cluster.close();
    silent.close();
  }

  private static WsTestClient connect(ClusterInstance instance, String subject) {
    WsTestClient client =
        WsTestClient.connectWithToken(
            instance.uri(), TestTokens.viewer(subject, List.of("*"), TestTokens.TTL));
    client.awaitType("welcome");
    return client;
  }

  @Test
  void shouldListTheSessionsOfEveryInstanceAndNameTheOneThatDidNotAnswer() {
    String subject = "cluster-" + UUID.randomUUID();
    try (WsTestClient onZero = connect(cluster.get(0), subject);
        WsTestClient onOne = connect(cluster.get(1), subject)) {
      JsonNode answer =
          new GraphQlClient(cluster.get(0).uri())
              .execute(
                  "query($s: String) { sessions(filter: {subject: $s}) { totalCount"
                      + " nodes { id instanceId } } }",
                  Map.of("s", subject));

      JsonNode sessions = answer.get("data").get("sessions");
      assertThat(sessions.get("totalCount").asInt()).isEqualTo(2);
      assertThat(sessions.get("nodes").findValuesAsText("instanceId"))
          .containsExactlyInAnyOrder("node-0", "node-1");
      assertThat(sessions.get("nodes").findValuesAsText("id"))
          .containsExactlyInAnyOrder(sessionId(onZero), sessionId(onOne));
      JsonNode error = answer.get("errors").get(0);
      assertThat(error.get("extensions").get("code").asText()).isEqualTo("UNAVAILABLE");
      assertThat(error.get("extensions").get("instanceId").asText()).isEqualTo("node-2");
      assertThat(error.get("message").asText()).contains("node-2");
    }
  }

  @Test
  void shouldCloseASessionHeldByAnotherInstance() {
    try (WsTestClient onOne = connect(cluster.get(1), "remote-" + UUID.randomUUID())) {
      JsonNode answer =
          new GraphQlClient(cluster.get(0).uri())
              .execute(
                  "mutation($id: ID!) { disconnectSession(id: $id, reason: \"moved to node-3\")"
                      + " { disconnected sessionIds } }",
                  Map.of("id", sessionId(onOne)));

      assertThat(answer.get("data").get("disconnectSession").get("disconnected").asInt())
          .isEqualTo(1);
      assertThat(onOne.awaitType("closing").get("reason").asText()).isEqualTo("moved to node-3");
      assertThat(onOne.awaitClose()).isEqualTo(1000);
    }
  }

  @Test
  void shouldSumStatsOverTheInstancesThatAnswered() {
    try (WsTestClient onZero = connect(cluster.get(0), "stats");
        WsTestClient onOne = connect(cluster.get(1), "stats")) {
      GraphQlClient node0 = new GraphQlClient(cluster.get(0).uri());
      JsonNode answer = node0.execute("{ stats { instanceId activeConnections } }");
      JsonNode one =
          node0
              .data("{ stats(instanceId: \"node-1\") { instanceId activeConnections } }")
              .get("stats");

      assertThat(answer.get("data").get("stats").get("instanceId").isNull()).isTrue();
      assertThat(answer.get("data").get("stats").get("activeConnections").asInt())
          .isGreaterThanOrEqualTo(2);
      assertThat(answer.get("errors").get(0).get("extensions").get("instanceId").asText())
          .isEqualTo("node-2");
      assertThat(one.get("instanceId").asText()).isEqualTo("node-1");
      assertThat(one.get("activeConnections").asInt()).isGreaterThanOrEqualTo(1);
    }
  }

  private static String sessionId(WsTestClient client) {
    return client.framesOfType("welcome").get(0).get("session_id").asText();
  }
}
