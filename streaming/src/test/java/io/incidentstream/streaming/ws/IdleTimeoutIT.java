package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** A connection with no client frame past the session timeout gets closing, then 4000. */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.heartbeat-interval", value = "1h")
@Property(name = "stream.session-timeout", value = "500ms")
@Property(name = "stream.cleanup-interval", value = "100ms")
class IdleTimeoutIT {

  @Inject EmbeddedServer server;
  @Inject ConnectionRegistry registry;

  @Test
  void shouldCloseAnIdleSessionWith4000AfterClosing() {
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {

      assertThat(client.awaitClose()).isEqualTo(4000);

      assertThat(client.awaitType("closing").path("reason").asText()).isEqualTo("idle timeout");
      assertThat(client.frames().get(client.frames().size() - 1).path("type").asText())
          .isEqualTo("closing");
    }
    org.awaitility.Awaitility.await().until(() -> registry.size() == 0);
  }
}
