package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.WebSocketHandshakeException;
import org.junit.jupiter.api.Test;

/** Past max-connections-per-address the upgrade is refused with HTTP 503. */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.max-connections-per-address", value = "2")
class ConnectionLimitIT {

  @Inject EmbeddedServer server;

  @Test
  void shouldRefuseTheUpgradePastThePerAddressLimit() {
    try (WsTestClient first = WsTestClient.connectAndAwaitWelcome(server.getURI());
        WsTestClient second = WsTestClient.connectAndAwaitWelcome(server.getURI())) {

      assertThatThrownBy(() -> WsTestClient.connect(server.getURI()))
          .satisfies(e -> assertThat(handshakeStatus(e)).isEqualTo(503));
    }
  }

  private static int handshakeStatus(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof WebSocketHandshakeException handshake) {
        return handshake.getResponse().statusCode();
      }
    }
    throw new AssertionError("no handshake failure in " + thrown, thrown);
  }
}
