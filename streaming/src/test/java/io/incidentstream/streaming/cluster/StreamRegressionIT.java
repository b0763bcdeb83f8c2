package io.incidentstream.streaming.cluster;

import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis loses its newest writes but keeps the epoch key, while the instances stay connected (what a
 * failover to a lagging replica looks like when the connections survive it): the heartbeat shows
 * the counter below what the instances delivered, and the stream moves to a new epoch before any
 * seq is reused, so a new event reaches the clients and a resume in the old epoch is told {@code
 * recovered:false}.
 */
class StreamRegressionIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final String SEQ = ClusterFixture.KEY_PREFIX + ":seq";
  private static final String EPOCH = ClusterFixture.KEY_PREFIX + ":epoch";
  private static final String HISTORY = ClusterFixture.KEY_PREFIX + ":history";

  @Test
  void shouldMoveToANewEpochWhenRedisLostItsNewestWritesUnderTheSameEpoch() {
    assumeTrue(REDIS.isManaged(), "rewrites the stream's keys");
    REDIS.flushAll();
    try (ClusterFixture cluster = ClusterFixture.builder(REDIS.uri()).instances(2).start();
        WsTestClient client = cluster.get(1).subscribed("{}")) {
      for (int i = 1; i <= 5; i++) {
        assertThat(cluster.get(0).ingest(systemJson("before " + i)).statusCode()).isEqualTo(202);
      }
      client.awaitEvents(5);
      String before;
      try (RespClient redis = REDIS.client()) {
        before = (String) redis.call("GET", EPOCH);
        // Seqs 4 and 5 were acknowledged and delivered, then lost: the epoch key survived.
        redis.call("SET", SEQ, "3");
        redis.call("XDEL", HISTORY, "4-0", "5-0");
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> !before.equals(epochIn()));

      assertThat(cluster.get(0).ingest(systemJson("after")).statusCode()).isEqualTo(202);

      try (WsTestClient resumed = cluster.get(0).connect()) {
        resumed.subscribeSince("all", "{}", 5, before);
        JsonNode subscribed = resumed.awaitType("subscribed");
        assertThat(subscribed.path("recovered").asBoolean(true)).isFalse();
        assertThat(subscribed.path("epoch").asText()).isNotEqualTo(before).endsWith(":5");
        await().atMost(Duration.ofSeconds(30)).until(() -> messages(resumed).contains("after"));
        JsonNode after =
            resumed.events().stream()
                .filter(e -> e.at("/event/message").asText().equals("after"))
                .findFirst()
                .orElseThrow();
        assertThat(after.path("seq").asLong()).as("no seq reused").isEqualTo(6);
      }
    }
  }

  private static String epochIn() {
    try (RespClient redis = REDIS.client()) {
      return (String) redis.call("GET", EPOCH);
    }
  }

  private static List<String> messages(WsTestClient client) {
    return client.events().stream().map(e -> e.at("/event/message").asText()).toList();
  }
}
