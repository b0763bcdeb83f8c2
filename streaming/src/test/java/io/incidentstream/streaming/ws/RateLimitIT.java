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

/**
 * Up to max-messages-per-second every message is answered; past it RATE_LIMITED each time, then
 * closing and 4029 after repeated abuse. (Sending the limit at once stays within it whether or not
 * a window boundary falls in between: a new window only adds allowance.)
 */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.max-messages-per-second", value = "5")
class RateLimitIT {

  private static final int LIMIT = 5;

  private static final String PING = "{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:00Z\"}";

  @Inject EmbeddedServer server;

  @Test
  void shouldAnswerEveryMessageUpToTheLimit() {
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      for (int i = 0; i < LIMIT; i++) {
        client.send(PING);
      }

      client.awaitNthOfType("pong", LIMIT);
      assertThat(client.framesOfType("error")).isEmpty();
      assertThat(client.isClosed()).isFalse();
    }
  }

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
