package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.domain.event.AlertConverted;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.NotificationSent;
import io.incidentstream.domain.event.PlaybookStarted;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestPublisher;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the DESIGN section 4 table, end to end: publish, match, deliver or not. */
@MicronautTest(environments = WsTestEnv.NAME)
class FilterSemanticsIT {

  private static final UUID INCIDENT = UUID.randomUUID();
  private static final UUID OTHER = UUID.randomUUID();
  private static final String SENTINEL_FILTER = "{\"event_types\":[\"notification_sent\"]}";

  @Inject EmbeddedServer server;
  @Inject TestPublisher publisher;

  static Stream<Arguments> rows() {
    IncidentEvent incident =
        new IncidentCreated(
            StreamFixtures.incident(
                INCIDENT,
                Severity.P1,
                IncidentState.DETECTED,
                "prometheus",
                List.of("db-1"),
                Map.of("env", "prod"),
                ""));
    IncidentEvent alert =
        new AlertReceived(
            StreamFixtures.alert(
                Severity.P2, "grafana", List.of("api"), Map.of("team", "core"), INCIDENT));
    IncidentEvent unlinkedAlert =
        new AlertReceived(
            StreamFixtures.alert(Severity.P2, "grafana", List.of("api"), Map.of(), null));
    IncidentEvent converted =
        new AlertConverted(
            StreamFixtures.alert(Severity.P3, "grafana", List.of("api"), Map.of(), null), INCIDENT);
    IncidentEvent escalated = new Escalated(INCIDENT, Severity.P2, Severity.P0, "worse");
    IncidentEvent comment = StreamFixtures.comment(INCIDENT);
    IncidentEvent playbook = new PlaybookStarted(INCIDENT, "pb-1", "restart");
    IncidentEvent system = StreamFixtures.system("deploy");
    return Stream.of(
        row("incident: severity", incident, "{\"severities\":[\"P1\"]}", true),
        row("incident: other severity", incident, "{\"severities\":[\"P2\"]}", false),
        row("incident: state", incident, "{\"states\":[\"Detected\"]}", true),
        row("incident: other state", incident, "{\"states\":[\"Resolved\"]}", false),
        row("incident: source", incident, "{\"sources\":[\"prometheus\"]}", true),
        row("incident: other source", incident, "{\"sources\":[\"datadog\"]}", false),
        row("incident: resource", incident, "{\"affected_resources\":[\"db-1\"]}", true),
        row("incident: other resource", incident, "{\"affected_resources\":[\"web\"]}", false),
        row("incident: labels", incident, "{\"labels\":{\"env\":\"prod\"}}", true),
        row("incident: other labels", incident, "{\"labels\":{\"env\":\"dev\"}}", false),
        row("incident: id", incident, ids(INCIDENT), true),
        row("incident: other id", incident, ids(OTHER), false),
        row("incident: type", incident, "{\"event_types\":[\"incident_created\"]}", true),
        row("incident: other type", incident, "{\"event_types\":[\"comment_added\"]}", false),
        row("alert: severity", alert, "{\"severities\":[\"P2\"]}", true),
        row("alert: other severity", alert, "{\"severities\":[\"P0\"]}", false),
        row("alert: state does not restrict", alert, "{\"states\":[\"Resolved\"]}", true),
        row("alert: source", alert, "{\"sources\":[\"grafana\"]}", true),
        row("alert: other source", alert, "{\"sources\":[\"x\"]}", false),
        row("alert: service", alert, "{\"affected_resources\":[\"api\"]}", true),
        row("alert: other service", alert, "{\"affected_resources\":[\"db\"]}", false),
        row("alert: labels", alert, "{\"labels\":{\"team\":\"core\"}}", true),
        row("alert: other labels", alert, "{\"labels\":{\"team\":\"x\"}}", false),
        row("alert: incident id", alert, ids(INCIDENT), true),
        row("alert: other incident id", alert, ids(OTHER), false),
        row("unlinked alert: id does not restrict", unlinkedAlert, ids(OTHER), true),
        row("converted: severity", converted, "{\"severities\":[\"P3\"]}", true),
        row("converted: incident id", converted, ids(INCIDENT), true),
        row("converted: other incident id", converted, ids(OTHER), false),
        row("converted: state does not restrict", converted, "{\"states\":[\"Closed\"]}", true),
        row("escalated: to severity", escalated, "{\"severities\":[\"P0\"]}", true),
        row("escalated: from severity", escalated, "{\"severities\":[\"P2\"]}", false),
        row("escalated: state does not restrict", escalated, "{\"states\":[\"Closed\"]}", true),
        row("escalated: source does not restrict", escalated, "{\"sources\":[\"x\"]}", true),
        row("escalated: labels do not restrict", escalated, "{\"labels\":{\"a\":\"b\"}}", true),
        row("escalated: other incident id", escalated, ids(OTHER), false),
        row("comment: incident id", comment, ids(INCIDENT), true),
        row("comment: other incident id", comment, ids(OTHER), false),
        row("comment: severity does not restrict", comment, "{\"severities\":[\"P0\"]}", true),
        row("playbook: other incident id", playbook, ids(OTHER), false),
        row(
            "playbook: resources do not restrict",
            playbook,
            "{\"affected_resources\":[\"x\"]}",
            true),
        row("system: incident id does not restrict", system, ids(OTHER), true),
        row("system: severity does not restrict", system, "{\"severities\":[\"P0\"]}", true),
        row("system: other type", system, "{\"event_types\":[\"incident_created\"]}", false),
        row("keys AND", incident, "{\"severities\":[\"P1\"],\"sources\":[\"datadog\"]}", false),
        row("values OR", incident, "{\"severities\":[\"P3\",\"P1\"]}", true));
  }

  private static Arguments row(String name, IncidentEvent event, String filters, boolean matches) {
    return Arguments.of(name, event, filters, matches);
  }

  private static String ids(UUID id) {
    return "{\"incident_ids\":[\"" + id + "\"]}";
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void shouldDeliverExactlyTheMatchingEvents(
      String name, IncidentEvent event, String filters, boolean matches) {
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      client.subscribe("case", filters);
      client.subscribe("sentinel", SENTINEL_FILTER);
      client.awaitNthOfType("subscribed", 2);

      EventEnvelope published = publisher.publish(event);
      EventEnvelope sentinel = publisher.publish(new NotificationSent(OTHER, "slack", true));

      client.awaitFrame(f -> f.path("seq").asLong() == sentinel.seq());
      boolean delivered =
          client.events().stream()
              .filter(f -> f.path("seq").asLong() == published.seq())
              .anyMatch(f -> containsId(f, "case"));
      assertThat(delivered).as(name).isEqualTo(matches);
    }
  }

  private static boolean containsId(JsonNode frame, String id) {
    for (JsonNode node : frame.path("subscription_ids")) {
      if (id.equals(node.asText())) {
        return true;
      }
    }
    return false;
  }
}
