package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestPublisher;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Stopping the server flushes queued frames, then sends closing and 1001 to every client. */
class GracefulShutdownIT {

  @Test
  void shouldSendClosingAnd1001OnShutdown() {
    EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class, Map.of("stream.shutdown-grace", "3s"), "test", WsTestEnv.NAME);
    try (WsTestClient first = WsTestClient.connectAndAwaitWelcome(server.getURI());
        WsTestClient second = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      first.subscribe("all", "{}");
      first.awaitType("subscribed");
      EventEnvelope last =
          server
              .getApplicationContext()
              .getBean(TestPublisher.class)
              .publish(StreamFixtures.created(Severity.P2));

      CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::stop);

      for (WsTestClient client : List.of(first, second)) {
        assertThat(client.awaitClose()).isEqualTo(1001);
        assertThat(client.awaitType("closing").path("reason").asText())
            .isEqualTo("server shutting down");
      }
      assertThat(first.events()).anyMatch(e -> e.path("seq").asLong() == last.seq());
      stopping.join();
    } finally {
      if (server.isRunning()) {
        server.stop();
      }
    }
  }
}
