package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestPublisher;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Per connection, events arrive in seq order and exactly once, whoever publishes them. */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.max-pending-messages", value = "100000")
@Property(name = "stream.max-pending-bytes", value = "512MB")
class DeliveryOrderIT {

  private static final int PUBLISHERS = 4;
  private static final int EACH = 250;

  @Inject EmbeddedServer server;
  @Inject TestPublisher publisher;

  @Test
  void shouldDeliverInSeqOrderUnderConcurrentPublishers() throws Exception {
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      client.subscribe("all", "{}");
      client.awaitType("subscribed");

      ExecutorService pool = Executors.newFixedThreadPool(PUBLISHERS);
      List<Future<?>> done = new ArrayList<>();
      for (int p = 0; p < PUBLISHERS; p++) {
        done.add(pool.submit(() -> publishMany(EACH)));
      }
      for (Future<?> future : done) {
        future.get();
      }
      pool.shutdown();

      List<JsonNode> events = client.awaitEvents(PUBLISHERS * EACH);
      List<Long> seqs = events.stream().map(e -> e.path("seq").asLong()).toList();
      assertThat(seqs).hasSize(PUBLISHERS * EACH).isSorted().doesNotHaveDuplicates();
    }
  }

  private void publishMany(int count) {
    for (int i = 0; i < count; i++) {
      publisher.publish(StreamFixtures.created(Severity.values()[i % 5]));
    }
  }
}
