package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * A resume that misses far more events than the connection's queue holds: catch-up paces the replay
 * to the client's reading, so every missed event arrives, in order, then the live stream, with
 * nothing shed, sent twice, or skipped.
 */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.max-pending-messages", value = "20")
@Property(name = "stream.history-size", value = "" + LargeResumeIT.HISTORY)
class LargeResumeIT {

  static final int HISTORY = 1000;
  private static final int MISSED = 500;
  private static final int LARGE_PAYLOAD = 64 * 1024;
  private static final int LARGE_MISSED = 300;
  private static final Duration LONG_WAIT = Duration.ofSeconds(30);

  @Inject EmbeddedServer server;
  @Inject TestPublisher publisher;
  @Inject ConnectionRegistry registry;
  @Inject MeterRegistry meters;

  @Test
  void shouldDeliverEveryMissedEventOfAResumeLargerThanTheQueueThenLive() {
    double shedBefore = Meters.shedEvents(meters);
    long since = publisher.publish(StreamFixtures.created(Severity.P1)).seq();
    List<Long> expected = publishSeqs(MISSED, LargeResumeIT::smallLowOrNormal);

    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      client.subscribeSince("all", "{}", since);
      assertThat(client.awaitType("subscribed").path("recovered").asBoolean()).isTrue();
      expected.addAll(publishSeqs(5, LargeResumeIT::smallLowOrNormal));

      await().atMost(LONG_WAIT).until(() -> client.events().size() >= expected.size());
      assertThat(seqs(client)).containsExactlyElementsOf(expected);
      assertThat(Meters.shedEvents(meters)).isEqualTo(shedBefore);
    }
  }

  @Test
  void shouldDeliverLiveEventsPublishedDuringCatchUpExactlyOnceAfterTheMissedOnes() {
    double shedBefore = Meters.shedEvents(meters);
    long since = publisher.publish(StreamFixtures.created(Severity.P1)).seq();
    List<Long> expected = publishSeqs(LARGE_MISSED, LargeResumeIT::largeLowOrNormal);

    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      String sessionId = client.frames().get(0).path("session_id").asText();
      client.pauseReading();
      client.subscribeSince("all", "{}", since);
      await().atMost(LONG_WAIT).until(() -> pendingMessages(sessionId) > 0);
      assertThat(client.events()).hasSizeLessThan(LARGE_MISSED);

      expected.addAll(publishSeqs(20, LargeResumeIT::smallLowOrNormal));
      client.resumeReading();

      await().atMost(LONG_WAIT).until(() -> client.events().size() >= expected.size());
      assertThat(seqs(client)).containsExactlyElementsOf(expected);
      assertThat(Meters.shedEvents(meters)).isEqualTo(shedBefore);
    }
  }

  @Test
  void shouldClose4008WhenTheHistoryDropsEventsACatchingUpClientStillNeeds() {
    long since = publisher.publish(StreamFixtures.created(Severity.P1)).seq();
    publishSeqs(LARGE_MISSED, LargeResumeIT::largeLowOrNormal);

    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      String sessionId = client.frames().get(0).path("session_id").asText();
      client.pauseReading();
      client.subscribeSince("all", "{}", since);
      await().atMost(LONG_WAIT).until(() -> pendingMessages(sessionId) > 0);

      publishSeqs(HISTORY, LargeResumeIT::smallLowOrNormal);
      client.resumeReading();

      assertThat(client.awaitClose()).isEqualTo(4008);
      assertThat(client.awaitType("closing").path("reason").asText())
          .contains("fell behind the history");
      List<Long> received = seqs(client);
      assertThat(received).isSorted().doesNotHaveDuplicates().hasSizeLessThan(LARGE_MISSED);
    }
  }

  private List<Long> publishSeqs(int count, java.util.function.IntFunction<IncidentEvent> next) {
    List<Long> seqs = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      EventEnvelope envelope = publisher.publish(next.apply(i));
      seqs.add(envelope.seq());
    }
    return seqs;
  }

  private static IncidentEvent smallLowOrNormal(int i) {
    return i % 2 == 0
        ? StreamFixtures.comment(UUID.randomUUID())
        : StreamFixtures.created(Severity.P3);
  }

  private static IncidentEvent largeLowOrNormal(int i) {
    return i % 2 == 0
        ? StreamFixtures.system("x".repeat(LARGE_PAYLOAD))
        : StreamFixtures.createdWithPayload(Severity.P3, LARGE_PAYLOAD);
  }

  private int pendingMessages(String sessionId) {
    StreamSession session = registry.get(sessionId);
    return session == null ? 0 : session.pendingMessages();
  }

  private static List<Long> seqs(WsTestClient client) {
    return client.events().stream().map(e -> e.path("seq").asLong()).toList();
  }
}
