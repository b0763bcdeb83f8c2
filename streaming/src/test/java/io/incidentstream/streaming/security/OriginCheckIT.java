package io.incidentstream.streaming.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.streaming.security.HandshakeProbe.Answer;
import io.incidentstream.streaming.support.TestTokens;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/**
 * {@code stream.security.allowed-origins} on the handshake. Micronaut's own drive-by-localhost
 * guard (a server bound to localhost refuses every non-localhost origin) is turned off here, as it
 * is in effect for any server bound to a real address, so that the stream's own check is what
 * answers.
 */
@MicronautTest
@Property(name = "micronaut.server.cors.localhost-pass-through", value = "true")
@Property(name = "stream.security.allowed-origins", value = "https://console.example.com")
class OriginCheckIT {

  @Inject EmbeddedServer server;

  @Test
  void shouldRefuseAForeignOriginWith403NamingIt() {
    Answer answer = upgradeFrom("https://evil.example");

    assertThat(answer.status()).isEqualTo(403);
    assertThat(answer.body()).contains("FORBIDDEN").contains("https://evil.example");
  }

  @Test
  void shouldAcceptAnAllowedOrigin() {
    assertThat(upgradeFrom("https://console.example.com").status()).isEqualTo(101);
  }

  @Test
  void shouldAcceptAClientWithoutOrigin() {
    Answer answer =
        HandshakeProbe.upgrade(
            server.getURI(), "/ws", "Authorization: Bearer " + TestTokens.viewer() + "\r\n");

    assertThat(answer.status()).isEqualTo(101);
  }

  private Answer upgradeFrom(String origin) {
    return HandshakeProbe.upgrade(
        server.getURI(),
        "/ws",
        "Authorization: Bearer " + TestTokens.viewer() + "\r\nOrigin: " + origin + "\r\n");
  }
}
