package io.incidentstream.streaming.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.TestEvents;
import io.incidentstream.streaming.support.WsTestClient;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** {@code stream.security.anonymous} on: token-less clients stream tenant default. */
@MicronautTest
@Property(name = "stream.security.anonymous", value = "true")
class AnonymousIT {

  @Inject EmbeddedServer server;

  @Test
  void shouldLetATokenlessClientStreamTenantDefaultOnly() {
    try (WsTestClient client = WsTestClient.connect(WsTestClient.wsUri(server.getURI()), b -> {})) {
      client.awaitType("welcome");
      client.subscribe("all", "{}");
      client.awaitType("subscribed");
      Http http = new Http(server.getURI());

      http.post(
          "/api/v1/events", "application/json", TestEvents.systemJson("acme"), "X-Tenant", "acme");
      http.post("/api/v1/events", "application/json", TestEvents.systemJson("default"));

      assertThat(client.awaitEvents(1).get(0).path("event").path("message").asText())
          .isEqualTo("default");
      assertThat(client.events()).hasSize(1);
    }
  }

  @Test
  void shouldStillRefuseABadToken() {
    assertThat(HandshakeProbe.bearer(server.getURI(), "garbage").status()).isEqualTo(401);
  }
}
