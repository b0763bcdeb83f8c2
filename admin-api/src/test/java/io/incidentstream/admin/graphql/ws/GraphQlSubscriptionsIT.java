package io.incidentstream.admin.graphql.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.support.TestEvents;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The production schema's subscriptions over {@code /graphql-ws}, on the production beans: {@code
 * statsUpdated} and its minimum interval, {@code events} with the {@code /ws} filter semantics and
 * the token's tenant bound, and {@code sessionChanged} following a real {@code /ws} client from
 * open to close.
 */
@MicronautTest
class GraphQlSubscriptionsIT {

  private static final Duration WAIT = Duration.ofSeconds(15);

  @Inject EmbeddedServer server;
  @Inject EventPublisher publisher;

  @Test
  void shouldStreamStatsEveryInterval() {
    try (GraphQlWsClient console = GraphQlWsClient.signedIn(server.getURI())) {
      console.subscribe(
          "s", "subscription { statsUpdated(intervalMs: 250) { activeConnections at } }");

      await().atMost(WAIT).until(() -> console.messages("next", "s").size() >= 2);

      List<JsonNode> snapshots = console.messages("next", "s");
      assertThat(snapshots.get(0).at("/payload/data/statsUpdated/activeConnections").isInt())
          .isTrue();
      assertThat(snapshots.get(1).at("/payload/data/statsUpdated/at").asText())
          .isNotEqualTo(snapshots.get(0).at("/payload/data/statsUpdated/at").asText());
    }
  }

  @Test
  void shouldRefuseAnIntervalBelow250Ms() {
    try (GraphQlWsClient console = GraphQlWsClient.signedIn(server.getURI())) {
      console.subscribe("s", "subscription { statsUpdated(intervalMs: 249) { at } }");

      JsonNode refused = console.awaitType("next");

      assertThat(refused.at("/payload/errors/0/extensions/code").asText())
          .isEqualTo("BAD_USER_INPUT");
      assertThat(refused.at("/payload/errors/0/message").asText()).contains("250");
      console.awaitType("complete");
    }
  }

  @Test
  void shouldTailTheEventsTheFiltersSelect() {
    try (GraphQlWsClient console = GraphQlWsClient.signedIn(server.getURI())) {
      console.subscribe(
          "tail",
          "subscription { events(filters: {eventTypes: [SYSTEM_EVENT]}) { seq eventType tenant event } }");
      awaitTapOpen(console, "tail");

      publisher.publish(TestEvents.system("tail-me")).join();

      JsonNode next = awaitNext(console, "tail");
      assertThat(next.at("/payload/data/events/eventType").asText()).isEqualTo("SYSTEM_EVENT");
      assertThat(next.at("/payload/data/events/event").asText()).contains("tail-me");
    }
  }

  @Test
  void shouldKeepTheTailWithinTheTokensTenants() {
    String acmeAdmin =
        TestTokens.minter().mint("acme-admin", Set.of(Role.ADMIN), List.of("acme"), TestTokens.TTL);
    try (GraphQlWsClient console = GraphQlWsClient.open(server.getURI())) {
      console.init(acmeAdmin);
      console.awaitType("connection_ack");
      console.subscribe("tail", "subscription { events { seq tenant } }");
      awaitTapOpen(console, "tail");

      publisher.publish(List.of(TestEvents.system("globex-only")), "globex").join();
      long acmeSeq =
          publisher.publish(List.of(TestEvents.system("acme")), "acme").join().get(0).seq();

      JsonNode next = awaitNext(console, "tail");
      assertThat(next.at("/payload/data/events/tenant").asText()).isEqualTo("acme");
      assertThat(next.at("/payload/data/events/seq").asLong()).isEqualTo(acmeSeq);
      assertThat(console.messages("next", "tail")).hasSize(1);
    }
  }

  @Test
  void shouldFollowASessionFromOpenToClose() {
    try (GraphQlWsClient console = GraphQlWsClient.signedIn(server.getURI())) {
      console.subscribe(
          "changes",
          "subscription { sessionChanged { kind sessionId session { subject subscriptions { id } } } }");
      awaitFeedOpen(console);

      WsTestClient client = WsTestClient.connect(server.getURI());
      String sessionId = client.awaitType("welcome").path("session_id").asText();
      client.subscribe("mine", "{}");
      client.awaitType("subscribed");
      client.close(1000, "done");

      await().atMost(WAIT).until(() -> kinds(console, sessionId).contains("CLOSED"));
      List<JsonNode> changes = changes(console, sessionId);
      assertThat(kinds(console, sessionId)).containsSubsequence("OPENED", "SUBSCRIBED", "CLOSED");
      JsonNode subscribed =
          changes.stream()
              .filter(c -> c.path("kind").asText().equals("SUBSCRIBED"))
              .findFirst()
              .orElseThrow();
      assertThat(subscribed.at("/session/subject").asText()).isEqualTo("test-viewer");
      assertThat(subscribed.at("/session/subscriptions/0/id").asText()).isEqualTo("mine");
      JsonNode closed =
          changes.stream()
              .filter(c -> c.path("kind").asText().equals("CLOSED"))
              .findFirst()
              .orElseThrow();
      assertThat(closed.path("session").isNull()).isTrue();
    }
  }

  private static JsonNode awaitNext(GraphQlWsClient console, String id) {
    await().atMost(WAIT).until(() -> !console.messages("next", id).isEmpty());
    return console.messages("next", id).get(0);
  }

  /** The subscription is registered once the server has answered a later operation. */
  private static void awaitTapOpen(GraphQlWsClient console, String id) {
    console.subscribe("probe-" + id, "{ __typename }");
    await().atMost(WAIT).until(() -> console.messages("complete", "probe-" + id).size() == 1);
  }

  private static void awaitFeedOpen(GraphQlWsClient console) {
    awaitTapOpen(console, "feed");
  }

  private static List<JsonNode> changes(GraphQlWsClient console, String sessionId) {
    return console.messages("next", "changes").stream()
        .map(m -> m.at("/payload/data/sessionChanged"))
        .filter(c -> c.path("sessionId").asText().equals(sessionId))
        .toList();
  }

  private static List<String> kinds(GraphQlWsClient console, String sessionId) {
    return changes(console, sessionId).stream().map(c -> c.path("kind").asText()).toList();
  }
}
