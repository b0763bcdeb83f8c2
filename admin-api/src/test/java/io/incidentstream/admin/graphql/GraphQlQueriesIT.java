package io.incidentstream.admin.graphql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestPublisher;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Every query over real HTTP on the production beans: each sessions filter and sort, cursor pages
 * while sessions open and close, recentEvents, cluster, auditLog, and the depth and complexity
 * limits at and past their bounds. Each test uses its own subjects and tenants, so the sessions of
 * the others do not count.
 */
@MicronautTest
class GraphQlQueriesIT {

  private static final String PAGE =
      """
      query($filter: SessionFilter, $sort: SessionSort, $first: Int, $after: String) {
        sessions(filter: $filter, sort: $sort, first: $first, after: $after) {
          totalCount
          edges { cursor node { id subject state queueDepth eventsDelivered lag connectedAt
                                lastActiveAt remoteAddress } }
          pageInfo { hasNextPage endCursor }
        }
      }""";

  @Inject EmbeddedServer server;
  @Inject EventPublisher publisher;

  private GraphQlClient graphQl() {
    return new GraphQlClient(server.getURI());
  }

  private WsTestClient connect(String subject, String tenant) {
    WsTestClient client =
        WsTestClient.connectWithToken(
            server.getURI(), TestTokens.viewer(subject, List.of(tenant), TestTokens.TTL));
    client.awaitType("welcome");
    return client;
  }

  private static String sessionId(WsTestClient client) {
    return client.framesOfType("welcome").get(0).get("session_id").asText();
  }

  private JsonNode page(Map<String, Object> filter, Map<String, Object> sort, int first) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("filter", filter);
    variables.put("sort", sort);
    variables.put("first", first);
    return graphQl().data(PAGE, variables).get("sessions");
  }

  private List<String> ids(Map<String, Object> filter) {
    return nodes(page(filter, Map.of(), 500)).stream().map(n -> n.get("id").asText()).toList();
  }

  private static List<JsonNode> nodes(JsonNode page) {
    return StreamSupport.stream(page.get("edges").spliterator(), false)
        .map(e -> e.get("node"))
        .toList();
  }

  @Test
  void shouldFilterSessionsByEachCondition() {
    String tenant = "t-" + UUID.randomUUID();
    try (WsTestClient quiet = connect("filter-quiet", tenant);
        WsTestClient incidents = connect("filter-incidents", tenant);
        WsTestClient alerts = connect("filter-alerts", tenant)) {
      incidents.subscribe("i", "{\"event_types\":[\"incident_created\"]}");
      alerts.subscribe("a", "{\"event_types\":[\"alert_received\"]}");
      incidents.awaitType("subscribed");
      alerts.awaitType("subscribed");
      String instanceId =
          graphQl()
              .data("{ cluster { localInstanceId } }")
              .get("cluster")
              .get("localInstanceId")
              .asText();
      String quietId = sessionId(quiet);
      String incidentsId = sessionId(incidents);
      String alertsId = sessionId(alerts);

      assertThat(ids(Map.of("tenant", tenant)))
          .containsExactlyInAnyOrder(quietId, incidentsId, alertsId);
      assertThat(ids(Map.of("tenant", tenant, "subject", "filter-alerts")))
          .containsExactly(alertsId);
      await()
          .untilAsserted(
              () ->
                  assertThat(ids(Map.of("tenant", tenant, "subscribedTo", "INCIDENT_CREATED")))
                      .containsExactly(incidentsId));
      assertThat(ids(Map.of("tenant", tenant, "state", "CONNECTED"))).containsExactly(quietId);
      assertThat(ids(Map.of("tenant", tenant, "state", "SUBSCRIBED")))
          .containsExactlyInAnyOrder(incidentsId, alertsId);
      assertThat(ids(Map.of("tenant", tenant, "instanceId", instanceId))).hasSize(3);
      assertThat(ids(Map.of("tenant", tenant, "instanceId", "some-other-instance"))).isEmpty();
      assertThat(ids(Map.of("tenant", tenant, "remoteAddress", "127.0.0."))).hasSize(3);
      assertThat(ids(Map.of("tenant", tenant, "remoteAddress", "10.9."))).isEmpty();
      assertThat(ids(Map.of("tenant", tenant, "minIdleMs", 0))).hasSize(3);
      assertThat(ids(Map.of("tenant", tenant, "minIdleMs", 3_600_000))).isEmpty();
      assertThat(ids(Map.of("tenant", tenant, "minQueueDepth", 0))).hasSize(3);
      assertThat(ids(Map.of("tenant", tenant, "minQueueDepth", 1_000_000))).isEmpty();
    }
  }

  @Test
  void shouldSortSessionsByEachField() {
    String tenant = "t-" + UUID.randomUUID();
    TestPublisher events = new TestPublisher(publisher);
    try (WsTestClient none = connect("sort", tenant);
        WsTestClient one = connect("sort", tenant);
        WsTestClient three = connect("sort", tenant)) {
      one.subscribe("s", "{\"event_types\":[\"comment_added\"]}");
      three.subscribe("s", "{}");
      one.awaitType("subscribed");
      three.awaitType("subscribed");
      events.publish(StreamFixtures.comment(UUID.randomUUID()), tenant);
      events.publish(StreamFixtures.system("two"), tenant);
      events.publish(StreamFixtures.system("three"), tenant);
      three.awaitEvents(3);
      one.awaitEvents(1);
      Map<String, Object> filter = Map.of("tenant", tenant);
      await()
          .untilAsserted(
              () ->
                  assertThat(
                          nodes(page(filter, sort("EVENTS_DELIVERED", "DESC"), 10)).stream()
                              .map(n -> n.get("eventsDelivered").asLong()))
                      .containsExactly(3L, 1L, 0L));

      assertOrdered(filter, "EVENTS_DELIVERED", "ASC", n -> n.get("eventsDelivered").asLong());
      assertOrdered(filter, "CONNECTED_AT", "ASC", n -> instant(n, "connectedAt"));
      assertOrdered(filter, "CONNECTED_AT", "DESC", n -> -instant(n, "connectedAt"));
      assertOrdered(filter, "IDLE", "DESC", n -> instant(n, "lastActiveAt"));
      assertOrdered(filter, "QUEUE_DEPTH", "DESC", n -> -n.get("queueDepth").asLong());
      assertThat(
              nodes(page(filter, sort("LAG", "DESC"), 10)).stream().map(n -> n.get("id").asText()))
          .endsWith(sessionId(none));
      assertThat(nodes(page(filter, sort("LAG", "ASC"), 10)).get(0).get("id").asText())
          .isEqualTo(sessionId(none));
    }
  }

  private void assertOrdered(
      Map<String, Object> filter,
      String field,
      String direction,
      java.util.function.ToLongFunction<JsonNode> ascendingKey) {
    List<JsonNode> listed = nodes(page(filter, sort(field, direction), 10));
    assertThat(listed).hasSize(3);
    assertThat(listed)
        .isSortedAccordingTo(
            Comparator.<JsonNode>comparingLong(ascendingKey)
                .thenComparing(n -> n.get("id").asText()));
  }

  private static long instant(JsonNode node, String field) {
    return java.time.Instant.parse(node.get(field).asText()).toEpochMilli();
  }

  private static Map<String, Object> sort(String field, String direction) {
    return Map.of("field", field, "direction", direction);
  }

  @Test
  void shouldPageWithCursorsWhileSessionsOpenAndClose() {
    String tenant = "t-" + UUID.randomUUID();
    List<WsTestClient> clients = new ArrayList<>();
    try {
      for (int i = 0; i < 7; i++) {
        clients.add(connect("pager", tenant));
      }
      List<String> opened = clients.stream().map(GraphQlQueriesIT::sessionId).toList();
      Map<String, Object> filter = Map.of("tenant", tenant);
      Map<String, Object> oldestFirst = sort("CONNECTED_AT", "ASC");

      JsonNode first = page(filter, oldestFirst, 3);
      assertThat(first.get("totalCount").asInt()).isEqualTo(7);
      assertThat(first.get("pageInfo").get("hasNextPage").asBoolean()).isTrue();
      List<String> seen =
          new ArrayList<>(nodes(first).stream().map(n -> n.get("id").asText()).toList());

      // Between pages: a listed session goes, an unlisted one goes, a new one comes.
      WsTestClient listed = clients.get(opened.indexOf(seen.get(0)));
      listed.close();
      String gone = opened.stream().filter(id -> !seen.contains(id)).findFirst().orElseThrow();
      clients.get(opened.indexOf(gone)).close();
      WsTestClient newcomer = connect("pager", tenant);
      clients.add(newcomer);
      await().until(() -> page(filter, oldestFirst, 50).get("totalCount").asInt() == 6);

      String after = first.get("pageInfo").get("endCursor").asText();
      while (after != null) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("filter", filter);
        variables.put("sort", oldestFirst);
        variables.put("first", 3);
        variables.put("after", after);
        JsonNode next = graphQl().data(PAGE, variables).get("sessions");
        nodes(next).forEach(n -> seen.add(n.get("id").asText()));
        after =
            next.get("pageInfo").get("hasNextPage").asBoolean()
                ? next.get("pageInfo").get("endCursor").asText()
                : null;
      }

      List<String> expected = new ArrayList<>(opened);
      expected.remove(gone);
      expected.add(sessionId(newcomer));
      assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
    } finally {
      clients.forEach(WsTestClient::close);
    }
  }

  @Test
  void shouldReadRecentEventsByIncidentEventTypeAndTenant() {
    String tenant = "t-" + UUID.randomUUID();
    TestPublisher events = new TestPublisher(publisher);
    UUID incident = UUID.randomUUID();
    EventEnvelope comment = events.publish(StreamFixtures.comment(incident), tenant);
    events.publish(StreamFixtures.comment(UUID.randomUUID()), tenant);
    EventEnvelope critical = events.publish(StreamFixtures.created(Severity.P0), tenant);
    events.publish(StreamFixtures.system("elsewhere"), "other-" + tenant);

    String query =
        "query($f: FiltersInput, $t: String) { recentEvents(last: 10, filters: $f, tenant: $t)"
            + " { seq messageId tenant eventType incidentId priority timestamp event } }";
    JsonNode byIncident =
        graphQl()
            .data(
                query,
                Map.of("f", Map.of("incidentIds", List.of(incident.toString())), "t", tenant))
            .get("recentEvents");
    assertThat(byIncident).hasSize(1);
    assertThat(byIncident.get(0).get("seq").asLong()).isEqualTo(comment.seq());
    assertThat(byIncident.get(0).get("eventType").asText()).isEqualTo("COMMENT_ADDED");
    assertThat(byIncident.get(0).get("incidentId").asText()).isEqualTo(incident.toString());
    assertThat(
            GraphQlClient.parse(byIncident.get(0).get("event").asText()).get("event_type").asText())
        .isEqualTo("comment_added");

    JsonNode byType =
        graphQl()
            .data(
                query, Map.of("f", Map.of("eventTypes", List.of("INCIDENT_CREATED")), "t", tenant))
            .get("recentEvents");
    assertThat(byType).hasSize(1);
    assertThat(byType.get(0).get("seq").asLong()).isEqualTo(critical.seq());

    JsonNode ofTenant = graphQl().data(query, Map.of("t", tenant)).get("recentEvents");
    assertThat(ofTenant).hasSize(3);
    assertThat(ofTenant.findValuesAsText("tenant")).containsOnly(tenant);
  }

  @Test
  void shouldRefuseAnOutOfRangeLimitAsBadUserInput() {
    JsonNode answer = graphQl().execute("{ recentEvents(last: 1001) { seq } }");
    assertThat(code(answer)).isEqualTo("BAD_USER_INPUT");
    assertThat(code(graphQl().execute("{ sessions(first: 501) { totalCount } }")))
        .isEqualTo("BAD_USER_INPUT");
    assertThat(code(graphQl().execute("{ sessions(after: \"nope\") { totalCount } }")))
        .isEqualTo("BAD_USER_INPUT");
    assertThat(code(graphQl().execute("{ stats(instanceId: \"no-such\") { at } }")))
        .isEqualTo("NOT_FOUND");
    assertThat(code(graphQl().execute("{ sessions { noSuchField } }"))).isEqualTo("BAD_USER_INPUT");
  }

  @Test
  void shouldListThisInstanceInCluster() {
    JsonNode cluster =
        graphQl()
            .data(
                "{ cluster { localInstanceId instances { id address startedAt lastSeen"
                    + " stats { instanceId activeConnections } } } }")
            .get("cluster");
    assertThat(cluster.get("instances")).hasSize(1);
    JsonNode self = cluster.get("instances").get(0);
    assertThat(self.get("id").asText()).isEqualTo(cluster.get("localInstanceId").asText());
    assertThat(self.get("address").asText()).isEqualTo("localhost:" + server.getPort());
    assertThat(self.get("stats").get("instanceId").asText()).isEqualTo(self.get("id").asText());
  }

  /** Depth 15 (the default limit) runs; 16 is refused before anything runs. */
  @Test
  void shouldEnforceTheDepthLimitAtAndPastIt() {
    assertThat(graphQl().execute(typeChain(15)).has("errors")).isFalse();
    JsonNode refused = graphQl().execute(typeChain(16));
    assertThat(code(refused)).isEqualTo("BAD_USER_INPUT");
    assertThat(refused.get("errors").get(0).get("message").asText()).containsIgnoringCase("depth");
  }

  /** {@code __type { fields { type { ofType ... { name } } } } }, {@code depth} fields deep. */
  private static String typeChain(int depth) {
    int ofTypes = depth - 4;
    return "{ __type(name: \"Query\") { fields { type { "
        + "ofType { ".repeat(ofTypes)
        + "name"
        + " }".repeat(ofTypes)
        + " } } } }";
  }

  /**
   * 25 reads of 999 events plus their fields cost exactly 25,000 (the default limit); 2 more do not
   * run.
   */
  @Test
  void shouldEnforceTheComplexityLimitAtAndPastIt() {
    StringBuilder atLimit = new StringBuilder("{ ");
    for (int i = 0; i < 25; i++) {
      atLimit.append("e").append(i).append(": recentEvents(last: 999) { seq } ");
    }
    assertThat(graphQl().execute(atLimit + "}").has("errors")).isFalse();
    JsonNode refused = graphQl().execute(atLimit + "c: cluster { localInstanceId } }");
    assertThat(code(refused)).isEqualTo("BAD_USER_INPUT");
    assertThat(refused.get("errors").get(0).get("message").asText())
        .containsIgnoringCase("complexity");
  }

  @Test
  void shouldNotServeGraphiQlUnlessEnabled() {
    assertThat(
            new io.incidentstream.streaming.support.Http(server.getURI())
                .get("/graphiql")
                .statusCode())
        .isEqualTo(404);
  }

  private static String code(JsonNode answer) {
    assertThat(answer.has("errors")).as("errors in %s", answer).isTrue();
    return answer.get("errors").get(0).get("extensions").get("code").asText();
  }
}
