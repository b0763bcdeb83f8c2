package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.support.RawWsClient;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * While the instance drains its sessions (the shutdown drain, started here directly so that the
 * HTTP server is sure to be up), {@code /health/readiness} answers 503 so a load balancer sends new
 * clients elsewhere, and {@code /health/liveness} stays 200 so nothing restarts it. The drain is
 * held open by a client that does not read until the test lets it.
 */
@MicronautTest(rebuildContext = true)
@Property(name = "stream.shutdown-grace", value = "20s")
class ShutdownReadinessIT {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Inject EmbeddedServer server;
  @Inject ConnectionRegistry registry;
  @Inject GracefulShutdown shutdown;

  @Test
  void shouldTurnReadinessDownWhileDrainingAndKeepLivenessUp() throws Exception {
    try (RawWsClient stalled = RawWsClient.connect(server.getURI())) {
      await().until(() -> registry.size() == 1);
      assertThat(get("/health/readiness").statusCode()).isEqualTo(200);

      CompletableFuture<Void> draining = CompletableFuture.runAsync(shutdown::drain);
      await().until(registry::isDraining);

      HttpResponse<String> readiness = get("/health/readiness");
      assertThat(readiness.statusCode()).isEqualTo(503);
      assertThat(readiness.body()).contains("\"status\":\"DOWN\"");
      assertThat(get("/health/liveness").statusCode()).isEqualTo(200);

      assertThat(stalled.readUntilClose().closeCode()).isEqualTo(1001);
      draining.join();
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(server.getURI() + path))
            .timeout(Duration.ofSeconds(10))
            .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
