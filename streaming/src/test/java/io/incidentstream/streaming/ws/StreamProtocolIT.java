package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestPublisher;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The /ws protocol of DESIGN sections 3 and 5, over a real socket. */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.max-subscriptions-per-session", value = "3")
class StreamProtocolIT {

  private static final int MAX_MESSAGE_SIZE = 64 * 1024;

  @Inject EmbeddedServer server;
  @Inject TestPublisher publisher;

  private final List<WsTestClient> clients = new ArrayList<>();

  @AfterEach
  void closeClients() {
    clients.forEach(WsTestClient::close);
  }

  private WsTestClient connect() {
    WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI());
    clients.add(client);
    return client;
  }

  @Test
  void shouldSendWelcomeFirst() {
    WsTestClient client = connect();

    JsonNode welcome = client.frames().get(0);
    assertThat(welcome.path("type").asText()).isEqualTo("welcome");
    assertThat(welcome.path("session_id").asText()).isNotBlank();
    assertThat(welcome.path("instance_id").asText()).isNotBlank();
    assertThat(welcome.path("heartbeat_interval_ms").asLong()).isEqualTo(30_000);
    assertThat(Instant.parse(welcome.path("server_time").asText())).isNotNull();
  }

  @Test
  void shouldEchoAllSevenFilterKeysInSubscribed() {
    WsTestClient client = connect();

    client.subscribe("s1", "{\"severities\":[\"P0\",\"P0\"]}");

    JsonNode subscribed = client.awaitType("subscribed");
    assertThat(subscribed.path("subscription_id").asText()).isEqualTo("s1");
    JsonNode filters = subscribed.path("filters");
    assertThat(filters.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "event_types",
            "severities",
            "states",
            "sources",
            "affected_resources",
            "labels",
            "incident_ids");
    assertThat(filters.path("severities")).hasSize(1);
    assertThat(subscribed.has("recovered") && !subscribed.get("recovered").isNull()).isFalse();
  }

  @Test
  void shouldAnswerUnknownUnsubscribeWithNotFound() {
    WsTestClient client = connect();

    client.send("{\"type\":\"unsubscribe\",\"subscription_id\":\"nope\"}");

    JsonNode error = client.awaitType("error");
    assertThat(error.path("code").asText()).isEqualTo("NOT_FOUND");
  }

  @Test
  void shouldUnsubscribeAnExistingSubscription() {
    WsTestClient client = connect();
    client.subscribe("s1", "{}");
    client.awaitType("subscribed");

    client.send("{\"type\":\"unsubscribe\",\"subscription_id\":\"s1\"}");

    assertThat(client.awaitType("unsubscribed").path("subscription_id").asText()).isEqualTo("s1");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{not json",
        "{\"type\":\"teleport\"}",
        "{\"type\":\"ping\"}",
        "{\"type\":\"subscribe\",\"subscription_id\":\"s\",\"filters\":{\"severities\":null}}",
        "{\"type\":\"subscribe\",\"subscription_id\":\"s\",\"filters\":{\"severities\":[\"p0\"]}}"
      })
  void shouldAnswerInvalidMessageAndStayUsable(String message) {
    WsTestClient client = connect();

    client.send(message);

    JsonNode error = client.awaitType("error");
    assertThat(error.path("code").asText()).isEqualTo("INVALID_MESSAGE");
    assertThat(error.path("message").asText()).startsWith("Failed to process message:");
    assertStillUsable(client);
  }

  @Test
  void shouldAnswerBinaryFrameWithUnsupportedAndStayOpen() {
    WsTestClient client = connect();

    client.sendBinary(new byte[] {1, 2, 3});

    assertThat(client.awaitType("error").path("code").asText()).isEqualTo("UNSUPPORTED");
    assertStillUsable(client);
  }

  @Test
  void shouldAcceptAMessageOfExactlyMaxMessageSize() {
    WsTestClient client = connect();

    client.send(pingOfSize(MAX_MESSAGE_SIZE));

    assertThat(client.awaitType("pong").path("timestamp").asText()).isNotBlank();
    assertThat(client.isClosed()).isFalse();
  }

  @Test
  void shouldCloseWith1009AfterMessageTooLargeWhenOneByteOver() {
    WsTestClient client = connect();

    client.send(pingOfSize(MAX_MESSAGE_SIZE + 1));

    assertThat(client.awaitType("error").path("code").asText()).isEqualTo("MESSAGE_TOO_LARGE");
    assertThat(client.awaitType("closing").path("reason").asText()).isNotBlank();
    assertThat(client.awaitClose()).isEqualTo(1009);
    assertThat(typesInOrder(client)).containsSubsequence("error", "closing");
  }

  @Test
  void shouldReassembleAFragmentedMessage() {
    WsTestClient client = connect();

    client.sendFragmented("{\"type\":\"ping\",", "\"timestamp\":\"2026-01-01T00:00:00Z\"}");

    assertThat(client.awaitType("pong").path("timestamp").asText())
        .isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  void shouldAllowSubscriptionsUpToTheLimitAndReplacingAtTheLimit() {
    WsTestClient client = connect();

    for (int i = 1; i <= 3; i++) {
      client.subscribe("s" + i, "{}");
      client.awaitNthOfType("subscribed", i);
    }
    client.subscribe("s2", "{\"severities\":[\"P1\"]}");

    JsonNode replaced = client.awaitNthOfType("subscribed", 4);
    assertThat(replaced.path("subscription_id").asText()).isEqualTo("s2");
    assertThat(client.framesOfType("error")).isEmpty();
  }

  @Test
  void shouldRefuseASubscriptionPastTheLimit() {
    WsTestClient client = connect();
    for (int i = 1; i <= 3; i++) {
      client.subscribe("s" + i, "{}");
    }
    client.awaitNthOfType("subscribed", 3);

    client.subscribe("s4", "{}");

    assertThat(client.awaitType("error").path("code").asText()).isEqualTo("SUBSCRIPTION_LIMIT");
  }

  @Test
  void shouldEchoTheClientsInstantInPong() {
    WsTestClient client = connect();

    client.send("{\"type\":\"ping\",\"timestamp\":\"2026-11-25T17:00:00.123Z\"}");

    assertThat(client.awaitType("pong").path("timestamp").asText())
        .isEqualTo("2026-11-25T17:00:00.123Z");
  }

  @Test
  void shouldSendNoEventWithoutASubscription() {
    WsTestClient idle = connect();
    WsTestClient watcher = connect();
    watcher.subscribe("all", "{}");
    watcher.awaitType("subscribed");

    EventEnvelope published = publisher.publish(StreamFixtures.created(Severity.P2));

    watcher.awaitFrame(f -> f.path("seq").asLong() == published.seq());
    assertStillUsable(idle);
    assertThat(idle.events()).isEmpty();
  }

  @Test
  void shouldSendOneCopyNamingBothSubscriptionsWhenTwoMatch() {
    WsTestClient client = connect();
    client.subscribe("by-severity", "{\"severities\":[\"P1\"]}");
    client.subscribe("everything", "{}");
    client.awaitNthOfType("subscribed", 2);

    EventEnvelope published = publisher.publish(StreamFixtures.created(Severity.P1));
    EventEnvelope sentinel = publisher.publish(StreamFixtures.system("sentinel"));

    client.awaitFrame(f -> f.path("seq").asLong() == sentinel.seq());
    List<JsonNode> copies =
        client.events().stream().filter(f -> f.path("seq").asLong() == published.seq()).toList();
    assertThat(copies).hasSize(1);
    assertThat(copies.get(0).path("subscription_ids"))
        .extracting(JsonNode::asText)
        .containsExactlyInAnyOrder("by-severity", "everything");
    assertThat(copies.get(0).path("priority").asText()).isEqualTo("High");
  }

  @Test
  void shouldEchoTheClientsCloseCode() {
    WsTestClient client = connect();

    client.close(4100, "done here");

    assertThat(client.awaitClose()).isEqualTo(4100);
  }

  private static void assertStillUsable(WsTestClient client) {
    int pongs = client.framesOfType("pong").size();
    client.send("{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:00Z\"}");
    await().until(() -> client.framesOfType("pong").size() > pongs);
    assertThat(client.isClosed()).isFalse();
  }

  private static List<String> typesInOrder(WsTestClient client) {
    return client.frames().stream().map(f -> f.path("type").asText()).toList();
  }

  /** A valid ping whose UTF-8 encoding is exactly {@code size} bytes. */
  private static String pingOfSize(int size) {
    String head = "{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:00Z\",\"pad\":\"";
    String tail = "\"}";
    int pad = size - head.getBytes(StandardCharsets.UTF_8).length - tail.length();
    String message = head + "x".repeat(pad) + tail;
    assertThat(message.getBytes(StandardCharsets.UTF_8)).hasSize(size);
    return message;
  }
}
