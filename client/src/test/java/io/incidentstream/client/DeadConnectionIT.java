package io.incidentstream.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A connection that goes silent (TCP open, nothing arriving) is found dead by the client's own
 * heartbeat: after one {@code heartbeat_interval_ms} it asks with a {@code ping}, after two it
 * drops the connection and reconnects. Against {@link SilentServer}, which never answers.
 */
class DeadConnectionIT {

  private static final long HEARTBEAT_MS = 300;

  @Test
  void shouldPingAfterOneSilentIntervalAndReconnectAfterTwo() throws Exception {
    List<String> log = new CopyOnWriteArrayList<>();
    try (SilentServer server = new SilentServer(HEARTBEAT_MS);
        IncidentStreamClient client =
            IncidentStreamClient.builder()
                .url(server.url())
                .token("any-token")
                .backoff(Duration.ofMillis(10), Duration.ofMillis(50), 2)
                .listener(
                    new ClientListener() {
                      @Override
                      public void onStateChanged(ConnectionState state, String detail) {
                        log.add(state + ": " + detail);
                      }

                      @Override
                      public void onError(ClientError error) {
                        log.add(error.kind() + ": " + error.message());
                      }
                    })
                .build()) {
      client.subscribe("all", Filters.none(), event -> {});
      client.connect();

      await().atMost(Duration.ofSeconds(20)).until(() -> server.connections() >= 2);

      assertThat(server.authorizations).first().isEqualTo("Bearer any-token");
      assertThat(server.received)
          .as("frames the client sent on its first connection")
          .anyMatch(frame -> frame.contains("\"type\":\"subscribe\""))
          .anyMatch(frame -> frame.contains("\"type\":\"ping\""));
      assertThat(log)
          .anyMatch(
              line ->
                  line.startsWith("CONNECTION_FAILED: no frame from " + server.url())
                      && line.endsWith(
                          "(2 x heartbeat_interval_ms 300): connection presumed dead"));
    }
  }
}
