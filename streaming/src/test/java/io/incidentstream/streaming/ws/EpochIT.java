package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.history.StreamEpoch;
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

/**
 * The stream's epoch on the wire: {@code welcome} and {@code subscribed} name it, and a resume that
 * names another epoch gets {@code recovered:false} and everything the history holds.
 */
@MicronautTest(environments = WsTestEnv.NAME)
class EpochIT {

  private static final String P1_ONLY = "{\"severities\":[\"P1\"]}";

  @Inject EmbeddedServer server;
  @Inject TestPublisher publisher;
  @Inject StreamEpoch streamEpoch;

  @Test
  void shouldNameTheStreamsEpochInWelcomeAndSubscribed() {
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      client.subscribe("live", "{}");

      assertThat(client.epoch()).isEqualTo(streamEpoch.current()).matches("[0-9a-f]{16}:0");
      assertThat(client.awaitType("subscribed").path("epoch").asText())
          .isEqualTo(streamEpoch.current());
    }
  }

  @Test
  void shouldRecoverAResumeThatNamesTheCurrentEpoch() {
    long since = publisher.publish(StreamFixtures.created(Severity.P1)).seq();
    EventEnvelope missed = publisher.publish(StreamFixtures.created(Severity.P1));

    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      client.subscribeSince("resume", P1_ONLY, since, client.epoch());

      assertThat(client.awaitType("subscribed").path("recovered").asBoolean()).isTrue();
      assertThat(client.awaitEvents(1).get(0).path("seq").asLong()).isEqualTo(missed.seq());
    }
  }

  @Test
  void shouldReplayEverythingHeldWithRecoveredFalseWhenTheEpochIsStale() {
    publisher.publish(StreamFixtures.created(Severity.P1));
    List<Long> heldP1 = new ArrayList<>();
    for (int i = 0; i < WsTestEnv.HISTORY_SIZE; i++) {
      EventEnvelope envelope =
          publisher.publish(StreamFixtures.created(i % 2 == 0 ? Severity.P1 : Severity.P3));
      if (i % 2 == 0) {
        heldP1.add(envelope.seq());
      }
    }
    long since = heldP1.get(heldP1.size() - 1);

    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      // A seq the history still holds, but of another numbering: it names other events.
      client.subscribeSince("resume", P1_ONLY, since, "0123456789abcdef:0");
      JsonNode subscribed = client.awaitType("subscribed");
      EventEnvelope live = publisher.publish(StreamFixtures.created(Severity.P1));

      client.awaitFrame(f -> f.path("seq").asLong() == live.seq());
      assertThat(subscribed.path("recovered").asBoolean(true)).isFalse();
      assertThat(subscribed.path("epoch").asText()).isEqualTo(streamEpoch.current());
      List<Long> expected = new ArrayList<>(heldP1);
      expected.add(live.seq());
      assertThat(client.events().stream().map(e -> e.path("seq").asLong()).toList())
          .containsExactlyElementsOf(expected);
    }
  }
}
