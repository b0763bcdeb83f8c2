package io.incidentstream.streaming.limits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.streaming.support.RawHandshake;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code max-connections-per-address}: up to the limit every upgrade succeeds; past it the upgrade
 * is refused with HTTP 429, {@code Retry-After} and a body naming the limit; a slot freed by a
 * close is usable again.
 */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.max-connections-per-address", value = "2")
@Property(name = "stream.limits.retry-after", value = "7s")
class ConnectionsPerAddressIT {

  @Inject EmbeddedServer server;
  @Inject ConnectionRegistry registry;

  @Test
  void shouldAcceptConnectionsUpToThePerAddressLimit() {
    try (WsTestClient first = WsTestClient.connectAndAwaitWelcome(server.getURI());
        WsTestClient second = WsTestClient.connectAndAwaitWelcome(server.getURI())) {

      assertThat(registry.size()).isEqualTo(2);
      assertThat(second.isClosed()).isFalse();
    }
  }

  @Test
  void shouldRefuseTheUpgradePastThePerAddressLimitWith429AndRetryAfter() throws IOException {
    try (WsTestClient first = WsTestClient.connectAndAwaitWelcome(server.getURI());
        WsTestClient second = WsTestClient.connectAndAwaitWelcome(server.getURI())) {

      RawHandshake.Response refused = RawHandshake.upgrade(server.getHost(), server.getPort());

      assertThat(refused.status()).isEqualTo(429);
      assertThat(refused.headers()).containsEntry("retry-after", "7");
      JsonNode body = new ObjectMapper().readTree(refused.body());
      assertThat(body.path("error").asText()).isEqualTo("TOO_MANY_FROM_ADDRESS");
      assertThat(body.path("message").asText()).contains("maximum of 2 connections");
      assertThat(registry.size()).isEqualTo(2);
    }
  }

  @Test
  void shouldAcceptAgainOnceAConnectionFromTheAddressCloses() {
    try (WsTestClient first = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      WsTestClient second = WsTestClient.connectAndAwaitWelcome(server.getURI());
      second.close(1000, "done");
      await().until(() -> registry.size() == 1);

      try (WsTestClient third = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
        assertThat(third.isClosed()).isFalse();
      }
    }
  }
}
