package io.incidentstream.streaming.limits;

import static org.assertj.core.api.Assertions.assertThat;

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
 * {@code max-connections}: up to the limit every upgrade succeeds; past it the upgrade is refused
 * with HTTP 503 (the instance is full, not this client at fault), {@code Retry-After} (the default,
 * 5 s) and a body naming the limit.
 */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.max-connections", value = "2")
@Property(name = "stream.max-connections-per-address", value = "10")
class ConnectionsPerInstanceIT {

  @Inject EmbeddedServer server;
  @Inject ConnectionRegistry registry;

  @Test
  void shouldAcceptConnectionsUpToTheInstanceLimit() {
    try (WsTestClient first = WsTestClient.connectAndAwaitWelcome(server.getURI());
        WsTestClient second = WsTestClient.connectAndAwaitWelcome(server.getURI())) {

      assertThat(registry.size()).isEqualTo(2);
      assertThat(second.isClosed()).isFalse();
    }
  }

  @Test
  void shouldRefuseTheUpgradePastTheInstanceLimitWith503AndRetryAfter() throws IOException {
    try (WsTestClient first = WsTestClient.connectAndAwaitWelcome(server.getURI());
        WsTestClient second = WsTestClient.connectAndAwaitWelcome(server.getURI())) {

      RawHandshake.Response refused = RawHandshake.upgrade(server.getHost(), server.getPort());

      assertThat(refused.status()).isEqualTo(503);
      assertThat(refused.headers()).containsEntry("retry-after", "5");
      JsonNode body = new ObjectMapper().readTree(refused.body());
      assertThat(body.path("error").asText()).isEqualTo("TOO_MANY_CONNECTIONS");
      assertThat(body.path("message").asText()).contains("maximum of 2 connections");
      assertThat(registry.size()).isEqualTo(2);
    }
  }
}
