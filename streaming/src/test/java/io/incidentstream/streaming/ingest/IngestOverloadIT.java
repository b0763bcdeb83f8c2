package io.incidentstream.streaming.ingest;

import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.cluster.internal.InProcessClusterBus;
import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.TestBroadcaster;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@MicronautTest(environments = TestBroadcaster.ENV)
@Property(name = "stream.bus.max-pending-batches", value = "1")
class IngestOverloadIT {

  private static final String PATH = "/api/v1/events";

  @Inject EmbeddedServer server;
  @Inject TestBroadcaster broadcaster;
  @Inject InProcessClusterBus bus;

  @AfterEach
  void tearDown() {
    broadcaster.reset();
  }

  @Test
  void shouldAnswer503WithRetryAfterWhenTheBusIsFull() {
    Http http = new Http(server.getURI());
    broadcaster.close();
    CompletableFuture<HttpResponse<String>> inFlight = http.postAsync(PATH, systemJson("held"));
    await().until(broadcaster::isWaiting);
    CompletableFuture<HttpResponse<String>> queued = http.postAsync(PATH, systemJson("queued"));
    await().until(() -> bus.pendingBatches() == 1);

    HttpResponse<String> refused = http.post(PATH, "application/json", systemJson("refused"));

    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).hasValue("1");
    assertThat(refused.body()).contains("\"error\":\"UNAVAILABLE\"").contains("\"errors\":[]");
    broadcaster.open();
    assertThat(inFlight.join().statusCode()).isEqualTo(202);
    assertThat(queued.join().statusCode()).isEqualTo(202);
  }
}
