package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** Too many messages: RATE_LIMITED each time, then closing and 4029 after repeated abuse. */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.max-messages-per-second", value = "5")
class RateLimitIT {

  private static final String PING = "{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:00Z\"}";

  @Inject EmbeddedServer server;

  @Test
  void shouldAnswerRateLimitedThenClose4029() {
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      for (int i = 0; i < 1_000 && !client.isClosed(); i++) {
        if (!trySend(client)) {
          break;
        }
      }

      assertThat(client.awaitClose()).isEqualTo(4029);
      assertThat(client.framesOfType("error"))
          .hasSize(ProtocolHandler.MAX_RATE_VIOLATIONS)
          .allSatisfy(e -> assertThat(e.path("code").asText()).isEqualTo("RATE_LIMITED"));
      assertThat(client.awaitType("closing").path("reason").asText()).contains("rate-limit");
    }
  }

  /** Sends until the server has closed (a window boundary may let a few more through). */
  private static boolean trySend(WsTestClient client) {
    try {
      client.send(PING);
      return true;
    } catch (CompletionException closed) {
      return false;
    }
  }
}
