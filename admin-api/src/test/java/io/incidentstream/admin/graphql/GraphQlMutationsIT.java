package io.incidentstream.admin.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code disconnectSession} and {@code disconnectSubject} over real HTTP: the client gets {@code
 * closing} with the operator's reason, then close 1000; every call, refusals included, is in the
 * audit log; the reason is required and bounded (120 bytes passes, 121 does not).
 */
@MicronautTest
class GraphQlMutationsIT {

  private static final String DISCONNECT_SESSION =
      "mutation($id: ID!, $reason: String!) { disconnectSession(id: $id, reason: $reason)"
          + " { disconnected sessionIds } }";
  private static final String DISCONNECT_SUBJECT =
      "mutation($s: String!, $reason: String!) { disconnectSubject(subject: $s, reason: $reason)"
          + " { disconnected sessionIds } }";
  private static final String AUDIT =
      "{ auditLog(last: 5) { at instanceId operator action target reason result success } }";

  @Inject EmbeddedServer server;

  private GraphQlClient graphQl() {
    return new GraphQlClient(server.getURI());
  }

  private WsTestClient connect(String subject) {
    WsTestClient client =
        WsTestClient.connectWithToken(
            server.getURI(), TestTokens.viewer(subject, List.of("*"), TestTokens.TTL));
    client.awaitType("welcome");
    return client;
  }

  @Test
  void shouldCloseOneSessionWithTheReasonThen1000AndAuditIt() {
    try (WsTestClient client = connect("erin")) {
      String id = client.framesOfType("welcome").get(0).get("session_id").asText();
      String reason = "maintenance of client " + "x".repeat(98); // 120 bytes: the limit

      JsonNode result =
          graphQl()
              .data(DISCONNECT_SESSION, Map.of("id", id, "reason", reason))
              .get("disconnectSession");

      assertThat(result.get("disconnected").asInt()).isEqualTo(1);
      assertThat(result.get("sessionIds").get(0).asText()).isEqualTo(id);
      assertThat(client.awaitType("closing").get("reason").asText()).isEqualTo(reason);
      assertThat(client.awaitClose()).isEqualTo(1000);
      JsonNode entry = graphQl().data(AUDIT).get("auditLog").get(0);
      assertThat(entry.get("operator").asText()).isEqualTo("test-admin");
      assertThat(entry.get("action").asText()).isEqualTo("disconnectSession");
      assertThat(entry.get("target").asText()).isEqualTo(id);
      assertThat(entry.get("reason").asText()).isEqualTo(reason);
      assertThat(entry.get("success").asBoolean()).isTrue();
      assertThat(entry.get("instanceId").asText()).isNotBlank();
    }
  }

  @Test
  void shouldCloseEverySessionOfASubject() {
    try (WsTestClient first = connect("frank");
        WsTestClient second = connect("frank");
        WsTestClient other = connect("grace")) {
      JsonNode result =
          graphQl()
              .data(DISCONNECT_SUBJECT, Map.of("s", "frank", "reason", "token leaked"))
              .get("disconnectSubject");

      assertThat(result.get("disconnected").asInt()).isEqualTo(2);
      for (WsTestClient closed : List.of(first, second)) {
        assertThat(closed.awaitType("closing").get("reason").asText()).isEqualTo("token leaked");
        assertThat(closed.awaitClose()).isEqualTo(1000);
      }
      assertThat(other.isClosed()).isFalse();
      JsonNode entry = graphQl().data(AUDIT).get("auditLog").get(0);
      assertThat(entry.get("action").asText()).isEqualTo("disconnectSubject");
      assertThat(entry.get("target").asText()).isEqualTo("frank");
      assertThat(entry.get("result").asText()).startsWith("2 session(s) closed");
    }
  }

  @Test
  void shouldAnswerZeroForASubjectWithoutSessions() {
    JsonNode result =
        graphQl()
            .data(DISCONNECT_SUBJECT, Map.of("s", "nobody-here", "reason", "cleanup"))
            .get("disconnectSubject");
    assertThat(result.get("disconnected").asInt()).isZero();
  }

  @Test
  void shouldAnswerNotFoundForAnUnknownSession() {
    JsonNode answer =
        graphQl().execute(DISCONNECT_SESSION, Map.of("id", "no-such-session", "reason", "x"));
    assertThat(code(answer)).isEqualTo("NOT_FOUND");
    JsonNode entry = graphQl().data(AUDIT).get("auditLog").get(0);
    assertThat(entry.get("target").asText()).isEqualTo("no-such-session");
    assertThat(entry.get("success").asBoolean()).isFalse();
  }

  @Test
  void shouldRefuseABlankOrTooLongReasonAndKeepTheSession() {
    try (WsTestClient client = connect("heidi")) {
      String id = client.framesOfType("welcome").get(0).get("session_id").asText();

      JsonNode blank = graphQl().execute(DISCONNECT_SESSION, Map.of("id", id, "reason", "  "));
      JsonNode tooLong =
          graphQl().execute(DISCONNECT_SESSION, Map.of("id", id, "reason", "x".repeat(121)));
      JsonNode missing =
          graphQl().execute("mutation { disconnectSession(id: \"" + id + "\") { disconnected } }");

      assertThat(code(blank)).isEqualTo("BAD_USER_INPUT");
      assertThat(code(tooLong)).isEqualTo("BAD_USER_INPUT");
      assertThat(tooLong.get("errors").get(0).get("message").asText()).contains("120 bytes");
      assertThat(code(missing)).isEqualTo("BAD_USER_INPUT");
      assertThat(client.isClosed()).isFalse();
      JsonNode entry = graphQl().data(AUDIT).get("auditLog").get(0);
      assertThat(entry.get("success").asBoolean()).isFalse();
      assertThat(entry.get("result").asText()).startsWith("refused");
    }
  }

  private static String code(JsonNode answer) {
    assertThat(answer.has("errors")).as("errors in %s", answer).isTrue();
    return answer.get("errors").get(0).get("extensions").get("code").asText();
  }
}
