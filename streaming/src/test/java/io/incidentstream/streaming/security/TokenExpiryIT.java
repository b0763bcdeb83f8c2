package io.incidentstream.streaming.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.TestEvents;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A session's token running out, and {@code refresh} (DESIGN sections 3 and 7). */
@MicronautTest
class TokenExpiryIT {

  private static final Duration SHORT = Duration.ofSeconds(2);

  @Inject EmbeddedServer server;

  @Test
  void shouldSendClosingAndClose4001WhenTheTokenExpires() {
    try (WsTestClient client = connect(TestTokens.viewer("gina", List.of("*"), SHORT))) {
      assertThat(client.awaitType("closing").path("reason").asText()).isEqualTo("token expired");
      assertThat(client.awaitClose()).isEqualTo(4001);
    }
  }

  @Test
  void shouldKeepASessionRefreshedInTimePastTheFirstExpiry() {
    try (WsTestClient client = connect(TestTokens.viewer("hank", List.of("*"), SHORT))) {
      client.send(refresh(TestTokens.viewer("hank", List.of("*"), Duration.ofHours(1))));

      await()
          .during(SHORT.plusSeconds(2))
          .atMost(SHORT.plusSeconds(10))
          .until(() -> !client.isClosed());
      client.send("{\"type\":\"ping\",\"timestamp\":\"2026-12-07T10:00:00Z\"}");
      client.awaitType("pong");
      assertThat(client.framesOfType("error")).isEmpty();
    }
  }

  @Test
  void shouldRefuseARefreshForAnotherSubjectAndCloseAtTheOldExpiry() {
    try (WsTestClient client = connect(TestTokens.viewer("ivan", List.of("*"), SHORT))) {
      client.send(refresh(TestTokens.viewer("mallory", List.of("*"), Duration.ofHours(1))));

      JsonNode error = client.awaitType("error");
      assertThat(error.path("code").asText()).isEqualTo("UNAUTHORIZED");
      assertThat(error.path("message").asText()).contains("another subject");
      assertThat(client.awaitType("closing").path("reason").asText()).isEqualTo("token expired");
      assertThat(client.awaitClose()).isEqualTo(4001);
    }
  }

  @Test
  void shouldRefuseAnInvalidRefreshTokenWithUnauthorized() {
    try (WsTestClient client = connect(TestTokens.viewer("jill", List.of("*"), SHORT))) {
      client.send(refresh("not-a-jwt"));

      JsonNode error = client.awaitType("error");
      assertThat(error.path("code").asText()).isEqualTo("UNAUTHORIZED");
      assertThat(error.path("message").asText()).contains("malformed token");
      assertThat(client.awaitClose()).isEqualTo(4001);
    }
  }

  @Test
  void shouldRefuseARefreshWithoutTheViewerRoleWithForbidden() {
    try (WsTestClient client = connect(TestTokens.viewer("lars", List.of("*"), SHORT))) {
      client.send(refresh(TestTokens.publisher("lars", List.of("*"))));

      JsonNode error = client.awaitType("error");
      assertThat(error.path("code").asText()).isEqualTo("FORBIDDEN");
      assertThat(error.path("message").asText()).contains("viewer or admin role");
      assertThat(client.awaitClose()).isEqualTo(4001);
    }
  }

  @Test
  void shouldStopDeliveringARemovedTenantAtOnceWhenARefreshNarrowsTheTenants() {
    Http http = new Http(server.getURI());
    try (WsTestClient client =
        connect(TestTokens.viewer("kate", List.of("acme", "beta"), Duration.ofHours(1)))) {
      client.subscribe("all", "{}");
      client.awaitType("subscribed");
      publish(http, "beta", "beta-before");
      assertThat(client.awaitEvents(1).get(0).path("event").path("message").asText())
          .isEqualTo("beta-before");

      client.send(refresh(TestTokens.viewer("kate", List.of("acme"), Duration.ofHours(1))));
      client.send("{\"type\":\"ping\",\"timestamp\":\"2026-12-07T10:00:00Z\"}");
      client.awaitType("pong");
      publish(http, "beta", "beta-after");
      publish(http, "acme", "acme-after");

      List<JsonNode> events = client.awaitEvents(2);
      assertThat(events)
          .extracting(e -> e.path("event").path("message").asText())
          .containsExactly("beta-before", "acme-after");
    }
  }

  private WsTestClient connect(String token) {
    WsTestClient client = WsTestClient.connectWithToken(server.getURI(), token);
    client.awaitType("welcome");
    return client;
  }

  private static void publish(Http http, String tenant, String message) {
    assertThat(
            http.post(
                    "/api/v1/events",
                    "application/json",
                    TestEvents.systemJson(message),
                    "X-Tenant",
                    tenant)
                .statusCode())
        .isEqualTo(202);
  }

  private static String refresh(String token) {
    return "{\"type\":\"refresh\",\"token\":\"" + token + "\"}";
  }
}
