package io.incidentstream.admin.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jwt.JWTClaimsSet;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code sessions}, {@code session} and {@code stats} over real HTTP, on the production beans. */
@MicronautTest
class GraphQlSessionsIT {

  private static final String SESSION_FIELDS =
      """
      id instanceId subject tenants remoteAddress userAgent connectedAt lastActiveAt idleMs state
      messagesIn messagesOut eventsDelivered eventsDropped queueDepth queueBytes lastSeqDelivered lag
      subscriptions { id matched filters { eventTypes severities sources labels { key value } } }
      """;

  @Inject EmbeddedServer server;

  private GraphQlClient graphQl() {
    return new GraphQlClient(server.getURI());
  }

  @Test
  void shouldListAConnectedSessionWithItsSubscription() {
    try (WsTestClient client =
        WsTestClient.connectWithToken(
            server.getURI(), TestTokens.viewer("carol", List.of("acme"), TestTokens.TTL))) {
      String id = client.awaitType("welcome").get("session_id").asText();
      client.subscribe("crit", "{\"event_types\":[\"incident_created\"],\"severities\":[\"P0\"]}");
      client.awaitType("subscribed");

      JsonNode session =
          await()
              .until(() -> sessionById(id), s -> s != null && s.get("subscriptions").size() == 1);

      assertThat(session.get("subject").asText()).isEqualTo("carol");
      assertThat(session.get("tenants").get(0).asText()).isEqualTo("acme");
      assertThat(session.get("state").asText()).isEqualTo("SUBSCRIBED");
      assertThat(session.get("messagesIn").asLong()).isEqualTo(1);
      assertThat(session.get("messagesOut").asLong()).isGreaterThanOrEqualTo(2);
      assertThat(session.get("lastSeqDelivered").isNull()).isTrue();
      JsonNode subscription = session.get("subscriptions").get(0);
      assertThat(subscription.get("id").asText()).isEqualTo("crit");
      assertThat(subscription.get("filters").get("eventTypes").get(0).asText())
          .isEqualTo("INCIDENT_CREATED");
      assertThat(subscription.get("filters").get("severities").get(0).asText()).isEqualTo("P0");
      assertThat(subscription.get("matched").asLong()).isZero();

      JsonNode page =
          graphQl()
              .data(
                  "query($s: String) { sessions(filter: {subject: $s}) { totalCount"
                      + " edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }",
                  Map.of("s", "carol"))
              .get("sessions");
      assertThat(page.get("totalCount").asInt()).isEqualTo(1);
      assertThat(page.get("edges").get(0).get("node").get("id").asText()).isEqualTo(id);
      assertThat(page.get("pageInfo").get("hasNextPage").asBoolean()).isFalse();
    }
  }

  @Test
  void shouldAnswerNullForAnUnknownSession() {
    JsonNode data = graphQl().data("{ session(id: \"no-such-session\") { id } }");
    assertThat(data.get("session").isNull()).isTrue();
  }

  @Test
  void shouldCountConnectionsInStats() {
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      JsonNode stats =
          graphQl()
              .data(
                  "{ stats { instanceId activeConnections totalConnections activeSubscriptions"
                      + " eventsPublished eventsBroadcast eventsDelivered eventsDropped"
                      + " droppedByReason { reason count } slowConsumerCloses latencyP50Ms"
                      + " latencyP99Ms uptimeSeconds eventsPerSecond deliveriesPerSecond } }")
              .get("stats");
      assertThat(stats.get("activeConnections").asInt()).isGreaterThanOrEqualTo(1);
      assertThat(stats.get("totalConnections").asLong()).isGreaterThanOrEqualTo(1);
      assertThat(stats.get("instanceId").asText()).isNotBlank();
      assertThat(stats.get("droppedByReason").size()).isGreaterThan(0);
    }
  }

  @Test
  void shouldRefuseARequestWithoutTokenAsUnauthenticated() {
    var response = graphQl().withoutToken().post("{ stats { activeConnections } }", Map.of());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(code(response.body())).isEqualTo("UNAUTHENTICATED");
  }

  @Test
  void shouldRefuseAViewerTokenAsForbidden() {
    var response =
        graphQl().withToken(TestTokens.viewer()).post("{ stats { activeConnections } }", Map.of());
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(code(response.body())).isEqualTo("FORBIDDEN");
  }

  @Test
  void shouldRefuseAnExpiredAdminToken() {
    Instant fiveMinutesAgo = Instant.now().minus(Duration.ofMinutes(5));
    String expired =
        TestTokens.minter()
            .sign(
                new JWTClaimsSet.Builder()
                    .subject("old-admin")
                    .claim("roles", List.of("admin"))
                    .claim("tenants", List.of("*"))
                    .issueTime(Date.from(fiveMinutesAgo.minus(Duration.ofHours(1))))
                    .expirationTime(Date.from(fiveMinutesAgo))
                    .build());
    var response = graphQl().withToken(expired).post("{ stats { activeConnections } }", Map.of());
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(code(response.body())).isEqualTo("UNAUTHENTICATED");
    assertThat(response.body()).containsIgnoringCase("expired");
  }

  private JsonNode sessionById(String id) {
    return graphQl()
        .data("query($id: ID!) { session(id: $id) { " + SESSION_FIELDS + " } }", Map.of("id", id))
        .get("session");
  }

  private static String code(String body) {
    return GraphQlClient.parse(body).get("errors").get(0).get("extensions").get("code").asText();
  }
}
