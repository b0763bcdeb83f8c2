package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** No zombies: after many connect/disconnect cycles the registry is back to zero. */
@MicronautTest(environments = WsTestEnv.NAME)
class ConnectionChurnIT {

  private static final int CYCLES = 1_000;

  @Inject EmbeddedServer server;
  @Inject ConnectionRegistry registry;

  @Test
  void shouldReturnTheRegistryToZeroAfterAThousandCycles() {
    for (int i = 0; i < CYCLES; i++) {
      WsTestClient client = WsTestClient.connect(server.getURI());
      if (i % 2 == 0) {
        client.subscribe("s", "{}");
      }
      client.close();
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> registry.size() == 0);
    assertThat(registry.countFor("127.0.0.1")).isZero();
  }
}
