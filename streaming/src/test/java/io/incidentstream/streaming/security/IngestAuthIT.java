package io.incidentstream.streaming.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.TestEvents;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Roles and tenants on the HTTP API (DESIGN section 7), over real HTTP. */
@MicronautTest
class IngestAuthIT {

  private static final String EVENTS = "/api/v1/events";

  @Inject EmbeddedServer server;

  @Test
  void shouldRefuseIngestWithoutATokenWith401AndAChallenge() {
    HttpResponse<String> response = post(http().withoutToken(), null);

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
        .startsWith("Bearer error=\"invalid_token\"");
    assertThat(response.body()).contains("\"error\":\"UNAUTHORIZED\"").contains("missing token");
  }

  @Test
  void shouldRefuseAViewerOnIngestWith403() {
    HttpResponse<String> response = post(http().withToken(TestTokens.viewer()), null);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("\"error\":\"FORBIDDEN\"").contains("publisher");
  }

  @Test
  void shouldRefuseAPublisherForAForeignTenantWith403NamingIt() {
    HttpResponse<String> response =
        post(http().withToken(TestTokens.publisher("acme-bot", List.of("acme"))), "beta");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("\"error\":\"FORBIDDEN\"").contains("tenant beta");
  }

  @Test
  void shouldPublishToThePublishersOnlyTenantByDefault() {
    try (WsTestClient viewer =
        WsTestClient.connectWithToken(
            server.getURI(),
            TestTokens.viewer("acme-viewer", List.of("acme"), Duration.ofHours(1)))) {
      viewer.awaitType("welcome");
      viewer.subscribe("all", "{}");
      viewer.awaitType("subscribed");

      HttpResponse<String> response =
          post(http().withToken(TestTokens.publisher("acme-bot", List.of("acme"))), null);

      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(viewer.awaitEvents(1)).hasSize(1);
    }
  }

  @Test
  void shouldAcceptAPublisherForItsOwnNamedTenantWith202() {
    HttpResponse<String> response =
        post(http().withToken(TestTokens.publisher("bot", List.of("acme", "beta"))), "beta");

    assertThat(response.statusCode()).isEqualTo(202);
  }

  @Test
  void shouldAskAPublisherOfSeveralTenantsToNameOneWith400() {
    HttpResponse<String> response =
        post(http().withToken(TestTokens.publisher("bot", List.of("acme", "beta"))), null);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("X-Tenant");
  }

  @Test
  void shouldKeepTheClusterApiForAdmins() {
    assertThat(
            http()
                .withToken(TestTokens.publisher("bot", List.of("*")))
                .get("/api/v1/cluster/members")
                .statusCode())
        .isEqualTo(403);
    assertThat(http().withoutToken().get("/api/v1/cluster/members").statusCode()).isEqualTo(401);
    assertThat(http().withToken(TestTokens.admin()).get("/api/v1/cluster/members").statusCode())
        .isEqualTo(200);
  }

  @Test
  void shouldLeaveProbesAndMetricsOpen() {
    Http anonymous = http().withoutToken();

    assertThat(anonymous.get("/health").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/health/liveness").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/health/readiness").statusCode()).isEqualTo(200);
    assertThat(anonymous.get("/prometheus").statusCode()).isEqualTo(200);
  }

  private Http http() {
    return new Http(server.getURI());
  }

  private static HttpResponse<String> post(Http http, String tenant) {
    String body = TestEvents.systemJson("deployed");
    return tenant == null
        ? http.post(EVENTS, "application/json", body)
        : http.post(EVENTS, "application/json", body, "X-Tenant", tenant);
  }
}
