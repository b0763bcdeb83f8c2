package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestPublisher;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resume with {@code since}: missed matching events, then live, no gap, no duplicate. */
@MicronautTest(environments = WsTestEnv.NAME)
class ResumeIT {

  private static final String P1_ONLY = "{\"severities\":[\"P1\"]}";

  @Inject EmbeddedServer server;
  @Inject TestPublisher publisher;

  @Test
  void shouldReplayMissedMatchingEventsThenContinueLive() {
    List<EventEnvelope> missedP1 = new ArrayList<>();
    long since = publisher.publish(StreamFixtures.created(Severity.P1)).seq();
    for (int i = 0; i < 6; i++) {
      EventEnvelope envelope =
          publisher.publish(StreamFixtures.created(i % 2 == 0 ? Severity.P1 : Severity.P3));
      if (i % 2 == 0) {
        missedP1.add(envelope);
      }
    }

    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      client.subscribeSince("resume", P1_ONLY, since);
      JsonNode subscribed = client.awaitType("subscribed");
      EventEnvelope live = publisher.publish(StreamFixtures.created(Severity.P1));

      List<JsonNode> events = client.awaitEvents(missedP1.size() + 1);
      assertThat(subscribed.path("recovered").asBoolean()).isTrue();
      List<Long> expected = new ArrayList<>(missedP1.stream().map(EventEnvelope::seq).toList());
      expected.add(live.seq());
      assertThat(events.stream().map(e -> e.path("seq").asLong()).toList())
          .containsExactlyElementsOf(expected);
      assertThat(typesInOrder(client)).startsWith("welcome", "subscribed");
    }
  }

  @Test
  void shouldReplayAnEventMatchingTwoResumedSubscriptionsOnce() {
    long since = publisher.publish(StreamFixtures.created(Severity.P1)).seq();
    EventEnvelope both = publisher.publish(StreamFixtures.created(Severity.P1));
    EventEnvelope onlyAll = publisher.publish(StreamFixtures.created(Severity.P3));

    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      client.subscribeSince("p1", P1_ONLY, since);
      client.subscribeSince("all", "{}", since);
      client.awaitNthOfType("subscribed", 2);
      EventEnvelope live = publisher.publish(StreamFixtures.created(Severity.P1));

      client.awaitFrame(f -> f.path("seq").asLong() == live.seq());
      assertThat(client.events().stream().map(e -> e.path("seq").asLong()).toList())
          .containsExactly(both.seq(), onlyAll.seq(), live.seq());
    }
  }

  @Test
  void shouldSayNotRecoveredWhenTheHistoryNoLongerReachesBack() {
    long since = publisher.publish(StreamFixtures.created(Severity.P1)).seq();
    for (int i = 0; i < WsTestEnv.HISTORY_SIZE + 5; i++) {
      publisher.publish(StreamFixtures.created(Severity.P3));
    }

    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      client.subscribeSince("resume", P1_ONLY, since);

      assertThat(client.awaitType("subscribed").path("recovered").asBoolean(true)).isFalse();
    }
  }

  private static List<String> typesInOrder(WsTestClient client) {
    return client.frames().stream().map(f -> f.path("type").asText()).toList();
  }
}
