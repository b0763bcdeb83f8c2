package io.incidentstream.streaming.cluster.internal;

import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis goes back to older data under the same epoch (a restart from an RDB snapshot, an AOF whose
 * last writes never reached the disk, a replica promoted before it had them): its counter is below
 * the seqs the instances delivered. Left alone, the next events would get seqs the instances
 * already delivered, and every instance would drop them as repeats although ingest acknowledged
 * them. Instead the stream moves to a new epoch above what was delivered, by the next publish or
 * the next heartbeat, whichever comes first, and a client resuming in the old epoch is told {@code
 * recovered:false}.
 */
class CounterRollbackIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final RedisKeys KEYS = new RedisKeys("incident-stream");
  private static final String EVENTS = "/api/v1/events";

  private EmbeddedServer server;
  private Http http;

  private URI start(Duration heartbeatInterval) {
    REDIS.flushAll();
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port",
                -1,
                "redis.uri",
                REDIS.uri(),
                "stream.cluster.heartbeat-interval",
                heartbeatInterval.toString(),
                "stream.cluster.heartbeat-timeout",
                heartbeatInterval.multipliedBy(50).toString()));
    http = new Http(server.getURI());
    return URI.create("ws://localhost:" + server.getPort() + "/ws");
  }

  @AfterEach
  void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void shouldSequenceAboveWhatWasDeliveredInANewEpochWhenRedisWentBack() {
    // No heartbeat after the first: the publish alone must notice.
    URI ws = start(Duration.ofHours(1));
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(ws)) {
      String before = client.epoch();
      publishFiveAndRollBackToTwo(client);

      String answer = http.post(EVENTS, "application/json", systemJson("after")).body();

      assertThat(answer).as("a seq no instance delivered yet").contains("\"seq\":6");
      JsonNode sixth = client.awaitEvents(6).get(5);
      assertThat(sixth.at("/event/message").asText()).isEqualTo("after");
      assertThat(sixth.get("seq").asLong()).isEqualTo(6);
      assertThat(client.isClosed()).as("seqs go on: no reset needed").isFalse();
      assertResumeInOldEpochIsNotRecovered(ws, before);
    }
  }

  @Test
  void shouldLeaveTheWentBackCounterWithinAHeartbeatWithoutAPublish() {
    URI ws = start(Duration.ofMillis(100));
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(ws)) {
      String before = client.epoch();
      publishFiveAndRollBackToTwo(client);

      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(() -> assertThat(redisEpoch()).isNotEqualTo(before).endsWith(":5"));
      assertThat(http.post(EVENTS, "application/json", systemJson("after")).body())
          .contains("\"seq\":6");
      assertThat(client.awaitEvents(6).get(5).at("/event/message").asText()).isEqualTo("after");
      assertResumeInOldEpochIsNotRecovered(ws, before);
    }
  }

  /** Seqs 1-5 delivered; then Redis holds the stream as it was after seq 2, same epoch. */
  private void publishFiveAndRollBackToTwo(WsTestClient client) {
    client.subscribe("all", "{}");
    client.awaitType("subscribed");
    for (int i = 1; i <= 5; i++) {
      assertThat(http.post(EVENTS, "application/json", systemJson("before " + i)).statusCode())
          .isEqualTo(202);
    }
    client.awaitEvents(5);
    try (RespClient redis = REDIS.client()) {
      redis.call("SET", KEYS.seq(), "2");
      redis.call("XDEL", KEYS.history(), "3-0", "4-0", "5-0");
      redis.call("XSETID", KEYS.history(), "2-0");
    }
  }

  private static void assertResumeInOldEpochIsNotRecovered(URI ws, String oldEpoch) {
    try (WsTestClient resumed = WsTestClient.connectAndAwaitWelcome(ws)) {
      assertThat(resumed.epoch()).isNotEqualTo(oldEpoch).endsWith(":5");
      resumed.subscribeSince("all", "{}", 5, oldEpoch);
      assertThat(resumed.awaitType("subscribed").get("recovered").asBoolean()).isFalse();
    }
  }

  private static String redisEpoch() {
    try (RespClient redis = REDIS.client()) {
      return String.valueOf(redis.call("GET", KEYS.epoch()));
    }
  }
}
