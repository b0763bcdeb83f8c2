package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.Priority;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.support.Meters;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestPublisher;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * A client that stops reading is shed (Low, Normal, High) and then, when a Critical event cannot be
 * queued, closed with 4008; a fast client on the same server meanwhile receives every High and
 * Critical event.
 */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.max-pending-messages", value = "20")
@Property(name = "stream.max-pending-bytes", value = "4MB")
class SlowConsumerIT {

  private static final int PAYLOAD = 32 * 1024;
  private static final int BATCH = 10;
  private static final int MAX_BATCHES = 400;

  @Inject EmbeddedServer server;
  @Inject TestPublisher publisher;
  @Inject ConnectionRegistry registry;
  @Inject MeterRegistry meters;

  private final Set<String> mustReachFast = new HashSet<>();
  private int published;

  @Test
  void shouldShedThenClose4008WhileAFastClientGetsEveryHighAndCriticalEvent() {
    try (WsTestClient slow = WsTestClient.connectAndAwaitWelcome(server.getURI());
        WsTestClient fast = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      String slowId = slow.frames().get(0).path("session_id").asText();
      slow.subscribe("all", "{}");
      fast.subscribe("all", "{}");
      slow.awaitType("subscribed");
      fast.awaitType("subscribed");
      slow.pauseReading();

      publishUntil(fast, this::slowQueueShed, i -> lowerPriorityEvent(i));
      publishUntil(fast, () -> !isOpen(slowId), i -> criticalEvent());

      slow.resumeReading();
      assertThat(slow.awaitClose()).isEqualTo(4008);
      assertThat(slow.awaitType("closing").path("reason").asText()).isEqualTo("slow consumer");
      await().until(() -> receivedIds(fast).containsAll(mustReachFast));
      assertThat(fast.isClosed()).isFalse();
    }
  }

  private void publishUntil(
      WsTestClient fast, BooleanSupplier done, java.util.function.IntFunction<IncidentEvent> next) {
    for (int batch = 0; batch < MAX_BATCHES && !done.getAsBoolean(); batch++) {
      for (int i = 0; i < BATCH; i++) {
        EventEnvelope envelope = publisher.publish(next.apply(i));
        published++;
        if (envelope.priority().compareTo(Priority.HIGH) >= 0) {
          mustReachFast.add(envelope.messageId().toString());
        }
      }
      int expected = published;
      await().atMost(Duration.ofSeconds(20)).until(() -> fast.events().size() >= expected);
    }
    assertThat(done.getAsBoolean()).as("condition reached within %d batches", MAX_BATCHES).isTrue();
  }

  private static IncidentEvent lowerPriorityEvent(int i) {
    return switch (i % 3) {
      case 0 -> StreamFixtures.createdWithPayload(Severity.P3, PAYLOAD);
      case 1 -> StreamFixtures.createdWithPayload(Severity.P1, PAYLOAD);
      default -> StreamFixtures.system("x".repeat(PAYLOAD));
    };
  }

  private static IncidentEvent criticalEvent() {
    return StreamFixtures.createdWithPayload(Severity.P0, PAYLOAD);
  }

  private boolean slowQueueShed() {
    return Meters.shedEvents(meters) > 0;
  }

  private boolean isOpen(String sessionId) {
    StreamSession session = registry.get(sessionId);
    return session != null && session.isOpen();
  }

  private static Set<String> receivedIds(WsTestClient client) {
    Set<String> ids = new HashSet<>();
    for (JsonNode event : client.events()) {
      ids.add(event.path("message_id").asText());
    }
    return ids;
  }
}
