package io.incidentstream.streaming.cluster.internal;

import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a client sees when Redis lost the stream and its seqs restart below what the instance
 * delivered: its connection is closed with 1012, and a resume says {@code recovered:false}.
 */
class StreamResetIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final RedisKeys KEYS = new RedisKeys("incident-stream");
  private static final String EVENTS = "/api/v1/events";

  private EmbeddedServer server;
  private Http http;

  @BeforeEach
  void setUp() {
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
                "100ms",
                "stream.cluster.heartbeat-timeout",
                "5s"));
    http = new Http(server.getURI());
  }

  @AfterEach
  void tearDown() {
    server.close();
  }

  @Test
  void shouldCloseClientsWith1012AndAnswerTheirResumeWithRecoveredFalse() {
    URI ws = URI.create("ws://localhost:" + server.getPort() + "/ws");
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(ws)) {
      client.subscribe("all", "{}");
      client.awaitType("subscribed");
      for (int i = 1; i <= 3; i++) {
        assertThat(http.post(EVENTS, "application/json", systemJson("old " + i)).statusCode())
            .isEqualTo(202);
      }
      client.awaitEvents(3);
      try (RespClient redis = REDIS.client()) {
        // Redis lost everything, and an instance that had seen only seq 1 re-seeded it.
        redis.call("FLUSHALL");
        redis.call("SET", KEYS.seq(), "1");
        redis.call("SET", KEYS.epoch(), "0123456789abcdef:1");
      }

      assertThat(http.post(EVENTS, "application/json", systemJson("new 2")).body())
          .contains("\"seq\":2");

      assertThat(client.awaitType("closing").get("reason").asText())
          .isEqualTo("stream reset: the event history was lost");
      assertThat(client.awaitClose()).isEqualTo(1012);
    }
    try (WsTestClient resumed = WsTestClient.connectAndAwaitWelcome(ws)) {
      resumed.subscribeSince("all", "{}", 3);

      JsonNode subscribed = resumed.awaitType("subscribed");
      assertThat(subscribed.get("recovered").asBoolean()).isFalse();
      http.post(EVENTS, "application/json", systemJson("new 3"));
      JsonNode event = resumed.awaitEvents(1).get(0);
      assertThat(event.get("seq").asLong()).isEqualTo(3);
      assertThat(event.at("/event/message").asText()).isEqualTo("new 3");
    }
  }

  @Test
  void shouldNameANewEpochAfterRedisWasFlushedAndNotRecoverAResumeInTheOldOne() {
    URI ws = URI.create("ws://localhost:" + server.getPort() + "/ws");
    String before;
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(ws)) {
      before = client.epoch();
      client.subscribe("all", "{}");
      assertThat(client.awaitType("subscribed").get("epoch").asText()).isEqualTo(before);
      for (int i = 1; i <= 3; i++) {
        http.post(EVENTS, "application/json", systemJson("old " + i));
      }
      client.awaitEvents(3);
      try (RespClient redis = REDIS.client()) {
        redis.call("FLUSHALL");
      }
      // The next publish finds no counter: a new epoch starts, continuing after seq 3.
      http.post(EVENTS, "application/json", systemJson("new 4"));
      assertThat(client.awaitEvents(4).get(3).get("seq").asLong()).isEqualTo(4);
    }

    try (WsTestClient resumed = WsTestClient.connectAndAwaitWelcome(ws)) {
      String after = resumed.epoch();
      resumed.subscribeSince("all", "{}", 3, before);

      JsonNode subscribed = resumed.awaitType("subscribed");
      assertThat(after).isNotEqualTo(before).endsWith(":3");
      assertThat(subscribed.get("epoch").asText()).isEqualTo(after);
      assertThat(subscribed.get("recovered").asBoolean()).isFalse();
      assertThat(resumed.awaitEvents(4).stream().map(e -> e.get("seq").asLong()).toList())
          .as("everything this instance holds, since the old numbering means nothing now")
          .containsExactly(1L, 2L, 3L, 4L);
    }
  }
}
