package io.incidentstream.streaming.cluster.internal;

import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A clustered instance while Redis goes away and comes back: readiness follows Redis, liveness does
 * not, the server keeps its WebSocket clients, ingest answers 503 and nothing accepted is lost.
 */
class RedisBusHealthIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EVENTS = "/api/v1/events";

  private EmbeddedServer server;
  private Http http;
  private boolean redisStopped;

  @BeforeEach
  void setUp() {
    REDIS.flushAll();
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port", -1,
                "redis.uri", REDIS.uri(),
                "endpoints.health.details-visible", "ANONYMOUS",
                "redis.health.enabled", false,
                "stream.cluster.heartbeat-interval", "100ms",
                "stream.cluster.heartbeat-timeout", "5s",
                "stream.cluster.reconnect-min-backoff", "50ms",
                "stream.cluster.reconnect-max-backoff", "400ms"));
    http = new Http(server.getURI());
  }

  @AfterEach
  void tearDown() {
    server.close();
    if (redisStopped) {
      REDIS.start();
      redisStopped = false;
    }
  }

  @Test
  void shouldBeReadyAndLiveWhileRedisAnswers() {
    await().until(() -> http.get("/health/readiness").statusCode() == 200);

    JsonNode readiness = json(http.get("/health/readiness"));
    assertThat(readiness.at("/details/redisBus/status").asText()).isEqualTo("UP");
    assertThat(readiness.at("/details/redisBus/details/redis").asText())
        .isEqualTo("127.0.0.1:" + REDIS.port());
    assertThat(http.get("/health/liveness").statusCode()).isEqualTo(200);
    JsonNode health = json(http.get("/health"));
    assertThat(health.at("/status").asText()).isEqualTo("UP");
    assertThat(health.at("/details/redisBus/status").asText()).isEqualTo("UP");
    assertThat(health.at("/details").has("redis"))
        .as("micronaut-redis-lettuce's own indicator is off, as in application.yml")
        .isFalse();
  }

  @Test
  void shouldStayUpButNotReadyWhileRedisIsDownAndLoseNothingAccepted() {
    await().until(() -> http.get("/health/readiness").statusCode() == 200);
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(wsUri())) {
      client.subscribe("all", "{}");
      client.awaitType("subscribed");

      REDIS.stop();
      redisStopped = true;

      await().until(() -> http.get("/health/readiness").statusCode() == 503);
      JsonNode readiness = json(http.get("/health/readiness"));
      assertThat(readiness.at("/details/redisBus/status").asText()).isEqualTo("DOWN");
      assertThat(readiness.at("/details/redisBus/details/problem").asText()).contains("down");
      assertThat(http.get("/health/liveness").statusCode()).isEqualTo(200);
      assertThat(http.get("/health").statusCode()).isEqualTo(503);
      HttpResponse<String> refused = http.post(EVENTS, "application/json", systemJson("lost?"));
      assertThat(refused.statusCode()).isEqualTo(503);
      assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(refused.body()).contains("\"error\":\"UNAVAILABLE\"");
      assertThat(client.isClosed()).isFalse();

      REDIS.start();
      redisStopped = false;

      await().until(() -> http.get("/health/readiness").statusCode() == 200);
      HttpResponse<String> accepted = http.post(EVENTS, "application/json", systemJson("after"));
      assertThat(accepted.statusCode()).isEqualTo(202);
      JsonNode event = client.awaitEvents(1).get(0);
      assertThat(event.at("/event/message").asText()).isEqualTo("after");
      assertThat(client.isClosed()).isFalse();
    }
    MeterRegistry meters = server.getApplicationContext().getBean(MeterRegistry.class);
    assertThat(meters.counter(MetricNames.CLUSTER_RECONNECTS).count()).isGreaterThanOrEqualTo(2);
  }

  private java.net.URI wsUri() {
    return java.net.URI.create("ws://localhost:" + server.getPort() + "/ws");
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return JSON.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
