package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** WebSocket pings every heartbeat interval; the client's automatic pongs keep it alive. */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.heartbeat-interval", value = "100ms")
@Property(name = "stream.session-timeout", value = "1s")
@Property(name = "stream.cleanup-interval", value = "100ms")
class HeartbeatIT {

  @Inject EmbeddedServer server;

  @Test
  void shouldPingAndCountPongsAsActivity() {
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      assertThat(client.frames().get(0).path("heartbeat_interval_ms").asLong()).isEqualTo(100);

      await().until(() -> client.pings() >= 15);

      assertThat(client.isClosed()).as("pongs are activity: no idle close").isFalse();
    }
  }
}
