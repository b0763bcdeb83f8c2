package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.WsTestClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The whole path with the production bus and history: publish, sequence, fan out, resume. Runs once
 * the in-process bus (ingest branch) is on the classpath.
 */
@MicronautTest
@EnabledIf("busPresent")
class EndToEndBusIT {

  static boolean busPresent() {
    try {
      Class.forName("io.incidentstream.streaming.cluster.internal.InProcessClusterBus");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  @Inject EmbeddedServer server;
  @Inject EventPublisher publisher;

  @Test
  void shouldDeliverThroughTheRealBusAndResume() {
    EventEnvelope first = publisher.publish(StreamFixtures.created(Severity.P1)).join();
    EventEnvelope missed = publisher.publish(StreamFixtures.created(Severity.P1)).join();
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      client.subscribeSince("all", "{}", first.seq());
      assertThat(client.awaitType("subscribed").path("recovered").asBoolean()).isTrue();
      EventEnvelope live = publisher.publish(StreamFixtures.created(Severity.P0)).join();
      assertThat(client.awaitEvents(2).stream().map(e -> e.path("seq").asLong()).toList())
          .containsExactly(missed.seq(), live.seq());
    }
  }
}
