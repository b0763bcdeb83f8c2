package io.incidentstream.admin.graphql.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.support.TestTokens;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code /graphql-ws} speaks graphql-transport-ws (PROTOCOL.md of the reference graphql-ws
 * implementation) with a real WebSocket client over TCP: init, ack, subscribe, next, complete;
 * every close code; ping and pong; and no stream keeps running after a {@code complete} or a close.
 */
@MicronautTest(environments = TickSchema.ENV)
@Property(name = "stream.graphql.init-timeout", value = "1s")
@Property(name = "stream.graphql.max-operations", value = "3")
@Property(name = "stream.graphql.max-pending-messages", value = "50")
class GraphQlWsProtocolIT {

  private static final Duration WAIT = Duration.ofSeconds(10);

  @Inject EmbeddedServer server;
  @Inject TickSchema.Running running;

  private URI uri() {
    return server.getURI();
  }

  @Test
  void shouldAcknowledgeInitThenStreamNextAndComplete() {
    try (GraphQlWsClient client = GraphQlWsClient.signedIn(uri())) {
      client.subscribe("t1", "subscription { ticks(count: 3) { n } }");

      JsonNode done = client.awaitType("complete");

      assertThat(done.path("id").asText()).isEqualTo("t1");
      assertThat(client.messages("next", "t1"))
          .extracting(m -> m.at("/payload/data/ticks/n").asInt())
          .containsExactly(1, 2, 3);
      assertThat(client.socket().isClosed()).isFalse();
    }
  }

  @Test
  void shouldAnswerAQueryWithOneNextThenComplete() {
    try (GraphQlWsClient client = GraphQlWsClient.signedIn(uri())) {
      client.subscribe("q1", "{ whoami }");

      client.awaitType("complete");

      assertThat(client.messages("next", "q1"))
          .singleElement()
          .satisfies(
              m -> assertThat(m.at("/payload/data/whoami").asText()).isEqualTo("test-admin"));
    }
  }

  @Test
  void shouldAnswerAnInvalidQueryWithErrorAndStayOpen() {
    try (GraphQlWsClient client = GraphQlWsClient.signedIn(uri())) {
      client.subscribe("bad", "{ nosuchfield }");

      JsonNode error = client.awaitType("error");

      assertThat(error.path("id").asText()).isEqualTo("bad");
      assertThat(error.path("payload").get(0).path("message").asText()).contains("nosuchfield");
      client.subscribe("bad", "{ hello }");
      client.awaitType("complete");
      assertThat(client.socket().isClosed()).isFalse();
    }
  }

  @Test
  void shouldAnswerPingWithPongBeforeAndAfterTheAck() {
    try (GraphQlWsClient client = GraphQlWsClient.open(uri())) {
      client.send("{\"type\":\"ping\",\"payload\":{\"at\":1}}");
      assertThat(client.awaitType("pong").at("/payload/at").asInt()).isEqualTo(1);

      client.init(TestTokens.admin());
      client.awaitType("connection_ack");
      client.send("{\"type\":\"ping\"}");
      await().atMost(WAIT).until(() -> client.socket().framesOfType("pong").size() == 2);
      assertThat(client.socket().framesOfType("pong").get(1).has("payload")).isFalse();
    }
  }

  @Test
  void shouldStopAStreamWhenTheClientCompletesIt() {
    try (GraphQlWsClient client = GraphQlWsClient.signedIn(uri())) {
      int before = running.streams.get();
      client.subscribe("forever", "subscription { ticks(count: -1) { n } }");
      await().atMost(WAIT).until(() -> client.messages("next", "forever").size() >= 2);
      assertThat(running.streams.get()).isEqualTo(before + 1);

      client.complete("forever");

      await().atMost(WAIT).until(() -> running.streams.get() == before);
      client.subscribe("after", "{ hello }");
      client.awaitType("complete");
      assertThat(client.messages("complete", "forever")).isEmpty();
    }
  }

  @Test
  void shouldCancelEveryStreamWhenTheClientClosesTheSocket() {
    int before = running.streams.get();
    GraphQlWsClient client = GraphQlWsClient.signedIn(uri());
    client.subscribe("a", "subscription { ticks(count: -1) { n } }");
    client.subscribe("b", "subscription { ticks(count: -1) { n } }");
    await().atMost(WAIT).until(() -> client.messages("next", "b").size() >= 1);
    assertThat(running.streams.get()).isEqualTo(before + 2);

    client.socket().close(1000, "bye");

    assertThat(client.awaitClose()).as("the server answers the close frame").isEqualTo(1000);
    await().atMost(WAIT).until(() -> running.streams.get() == before);
  }

  @Test
  void shouldCancelEveryStreamWhenTheConnectionDrops() {
    int before = running.streams.get();
    GraphQlWsClient client = GraphQlWsClient.signedIn(uri());
    client.subscribe("a", "subscription { ticks(count: -1) { n } }");
    await().atMost(WAIT).until(() -> client.messages("next", "a").size() >= 1);

    client.close(); // abort: TCP goes without a close handshake

    await().atMost(WAIT).until(() -> running.streams.get() == before);
  }

  @Test
  void shouldCloseWith4408WithoutInitInTime() {
    try (GraphQlWsClient client = GraphQlWsClient.open(uri())) {
      assertThat(client.awaitClose()).isEqualTo(4408);
      assertThat(client.closeReason()).isEqualTo("Connection initialisation timeout");
    }
  }

  @Test
  void shouldCloseWith4403ForAViewerToken() {
    try (GraphQlWsClient client = GraphQlWsClient.open(uri())) {
      client.init(TestTokens.viewer());
      assertThat(client.awaitClose()).isEqualTo(4403);
      assertThat(client.closeReason()).contains("lacks the admin role");
    }
  }

  @Test
  void shouldCloseWith4403ForAnInvalidToken() {
    try (GraphQlWsClient client = GraphQlWsClient.open(uri())) {
      client.init(TestTokens.admin() + "x");
      assertThat(client.awaitClose()).isEqualTo(4403);
    }
  }

  @Test
  void shouldCloseWith4403WithoutAToken() {
    try (GraphQlWsClient client = GraphQlWsClient.open(uri())) {
      client.send("{\"type\":\"connection_init\"}");
      assertThat(client.awaitClose()).isEqualTo(4403);
      assertThat(client.closeReason()).contains("Authorization");
    }
  }

  @Test
  void shouldCloseWith4403ForATokenExpiredLongAgo() {
    try (GraphQlWsClient client = GraphQlWsClient.open(uri())) {
      client.init(adminTokenExpiringAt(Instant.now().minus(Duration.ofMinutes(5))));
      assertThat(client.awaitClose()).isEqualTo(4403);
    }
  }

  @Test
  void shouldCloseWith4403WhenTheTokenExpiresDuringTheConnection() {
    // Within the 30 s clock skew the token is still admitted; the connection ends at its exp.
    try (GraphQlWsClient client = GraphQlWsClient.open(uri())) {
      client.init(adminTokenExpiringAt(Instant.now().minusSeconds(1)));
      client.awaitType("connection_ack");
      assertThat(client.awaitClose()).isEqualTo(4403);
      assertThat(client.closeReason()).contains("expired");
    }
  }

  @Test
  void shouldCloseWith4401ForSubscribeBeforeTheAck() {
    try (GraphQlWsClient client = GraphQlWsClient.open(uri())) {
      client.subscribe("early", "{ hello }");
      assertThat(client.awaitClose()).isEqualTo(4401);
    }
  }

  @Test
  void shouldCloseWith4409ForADuplicateOperationId() {
    try (GraphQlWsClient client = GraphQlWsClient.signedIn(uri())) {
      client.subscribe("same", "subscription { ticks(count: -1) { n } }");
      client.subscribe("same", "subscription { ticks(count: -1) { n } }");
      assertThat(client.awaitClose()).isEqualTo(4409);
      assertThat(client.closeReason()).isEqualTo("Subscriber for same already exists");
    }
  }

  @Test
  void shouldCloseWith4429ForASecondInit() {
    try (GraphQlWsClient client = GraphQlWsClient.signedIn(uri())) {
      client.init(TestTokens.admin());
      assertThat(client.awaitClose()).isEqualTo(4429);
    }
  }

  @Test
  void shouldCloseWith4400ForMessagesOutsideTheProtocol() {
    for (String invalid :
        List.of(
            "not json",
            "[1]",
            "{\"payload\":{}}",
            "{\"type\":\"next\",\"id\":\"1\",\"payload\":{}}",
            "{\"type\":\"connection_init\",\"payload\":\"token\"}",
            "{\"type\":\"complete\"}")) {
      try (GraphQlWsClient client = GraphQlWsClient.open(uri())) {
        client.send(invalid);
        assertThat(client.awaitClose()).as(invalid).isEqualTo(4400);
        assertThat(client.closeReason()).as(invalid).startsWith("Invalid message");
      }
    }
  }

  @Test
  void shouldCloseWith4400ForASubscribeWithoutQuery() {
    try (GraphQlWsClient client = GraphQlWsClient.signedIn(uri())) {
      client.send("{\"id\":\"x\",\"type\":\"subscribe\",\"payload\":{}}");
      assertThat(client.awaitClose()).isEqualTo(4400);
    }
  }

  @Test
  void shouldRunOperationsUpToTheLimitAndRefuseOneMore() {
    try (GraphQlWsClient client = GraphQlWsClient.signedIn(uri())) {
      for (String id : List.of("1", "2", "3")) {
        client.subscribe(id, "subscription { ticks(count: -1) { n } }");
      }
      await().atMost(WAIT).until(() -> client.messages("next", "3").size() >= 1);

      client.subscribe("4", "subscription { ticks(count: -1) { n } }");

      JsonNode refused = client.awaitType("error");
      assertThat(refused.path("id").asText()).isEqualTo("4");
      assertThat(refused.at("/payload/0/extensions/code").asText()).isEqualTo("BAD_USER_INPUT");
      assertThat(client.socket().isClosed()).isFalse();
      client.complete("1");
      client.subscribe("5", "{ hello }");
      await().atMost(WAIT).until(() -> client.messages("complete", "5").size() == 1);
    }
  }

  @Test
  void shouldCloseWithout4406WhenTheSubprotocolIsMissing() {
    try (var client =
        io.incidentstream.streaming.support.WsTestClient.connect(
            GraphQlWsClient.wsUri(uri()), b -> {})) {
      assertThat(client.awaitClose()).isEqualTo(4406);
    }
  }

  @Test
  void shouldCloseASlowClientAndCancelItsStreamsWhileAFastOneGoesOn() {
    try (GraphQlWsClient fast = GraphQlWsClient.signedIn(uri());
        GraphQlWsClient slow = GraphQlWsClient.signedIn(uri())) {
      fast.subscribe("steady", "subscription { ticks(count: -1, intervalMs: 20) { n } }");
      await().atMost(WAIT).until(() -> fast.messages("next", "steady").size() >= 1);
      int cancelled = running.cancelled.get();
      slow.socket().pauseReading();

      slow.subscribe(
          "flood", "subscription { ticks(count: -1, intervalMs: 1, size: 65536) { n pad } }");

      await().atMost(Duration.ofSeconds(30)).until(() -> running.cancelled.get() == cancelled + 1);
      int seen = fast.messages("next", "steady").size();
      await().atMost(WAIT).until(() -> fast.messages("next", "steady").size() > seen + 3);
      slow.socket().resumeReading();
      assertThat(slow.awaitClose()).isIn(CloseCodes.SLOW_CONSUMER, 1006);
    }
  }

  private static String adminTokenExpiringAt(Instant exp) {
    return TestTokens.minter()
        .sign(
            new JWTClaimsSet.Builder()
                .subject("test-admin")
                .claim("roles", List.of(Role.ADMIN.claim()))
                .claim("tenants", List.of("*"))
                .issueTime(Date.from(exp.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(exp))
                .build());
  }
}
