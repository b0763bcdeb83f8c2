package io.incidentstream.domain.filter;

import static io.incidentstream.domain.filter.TestEvents.alert;
import static io.incidentstream.domain.filter.TestEvents.alertConverted;
import static io.incidentstream.domain.filter.TestEvents.alertReceived;
import static io.incidentstream.domain.filter.TestEvents.escalated;
import static io.incidentstream.domain.filter.TestEvents.filters;
import static io.incidentstream.domain.filter.TestEvents.incident;
import static io.incidentstream.domain.filter.TestEvents.incidentEvent;
import static io.incidentstream.domain.filter.TestEvents.incidentIdOnly;
import static io.incidentstream.domain.filter.TestEvents.systemEvent;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Hand-picked cases for every row and column of the filter table in DESIGN section 4. */
class FilterSemanticsTest {

  private static final UUID X = UUID.fromString("00000000-0000-0000-0000-00000000000a");
  private static final UUID Y = UUID.fromString("00000000-0000-0000-0000-00000000000b");
  private static final Map<String, String> PROD_SRE = Map.of("env", "prod", "team", "sre");

  private static boolean matches(TestEvents.Filters filters, IncidentEvent event) {
    return FilterCompiler.compile(filters.build()).matches(event);
  }

  private static IncidentEvent incidentEventOf(EventType type) {
    return incidentEvent(
        type,
        incident(
            X,
            Severity.P1,
            IncidentState.INVESTIGATING,
            "prometheus",
            List.of("db", "api"),
            PROD_SRE));
  }

  private static Alert alertP1(UUID incidentId) {
    return alert(Severity.P1, "datadog", List.of("checkout", "cart"), PROD_SRE, incidentId);
  }

  private static List<IncidentEvent> oneOfEachType() {
    return List.of(
        incidentEventOf(EventType.INCIDENT_CREATED),
        incidentEventOf(EventType.INCIDENT_UPDATED),
        incidentEventOf(EventType.INCIDENT_RESOLVED),
        incidentEventOf(EventType.INCIDENT_CLOSED),
        alertReceived(alertP1(null)),
        alertConverted(alertP1(null), X),
        escalated(X, Severity.P2, Severity.P1),
        incidentIdOnly(EventType.PLAYBOOK_STARTED, X),
        incidentIdOnly(EventType.PLAYBOOK_ACTION_EXECUTED, X),
        incidentIdOnly(EventType.PLAYBOOK_COMPLETED, X),
        incidentIdOnly(EventType.NOTIFICATION_SENT, X),
        incidentIdOnly(EventType.ASSIGNMENT_CHANGED, X),
        incidentIdOnly(EventType.COMMENT_ADDED, X),
        systemEvent());
  }

  @Nested
  class General {

    @Test
    void shouldLetEveryEventThroughEmptyFilters() {
      EventMatcher matcher = FilterCompiler.compile(SubscriptionFilters.NONE);

      assertThat(oneOfEachType()).hasSize(14).allMatch(matcher::matches);
    }

    @Test
    void shouldRestrictEveryEventTypeByEventTypes() {
      for (IncidentEvent event : oneOfEachType()) {
        EventType other =
            event.type() == EventType.SYSTEM_EVENT
                ? EventType.COMMENT_ADDED
                : EventType.SYSTEM_EVENT;

        assertThat(matches(filters().eventTypes(event.type()), event)).isTrue();
        assertThat(matches(filters().eventTypes(other, event.type()), event)).isTrue();
        assertThat(matches(filters().eventTypes(other), event)).as(event.type().wire()).isFalse();
      }
    }

    @Test
    void shouldAndKeysTogether() {
      IncidentEvent event = incidentEventOf(EventType.INCIDENT_CREATED);

      assertThat(matches(filters().severities(Severity.P1).sources("prometheus"), event)).isTrue();
      assertThat(matches(filters().severities(Severity.P1).sources("datadog"), event)).isFalse();
      assertThat(
              matches(
                  filters().eventTypes(EventType.INCIDENT_UPDATED).severities(Severity.P1), event))
          .isFalse();
    }

    @Test
    void shouldRejectNullFilters() {
      assertThatNullPointerException()
          .isThrownBy(() -> FilterCompiler.compile(null))
          .withMessage("filters");
    }
  }

  @Nested
  class IncidentEvents {

    @ParameterizedTest
    @EnumSource(
        names = {"INCIDENT_CREATED", "INCIDENT_UPDATED", "INCIDENT_RESOLVED", "INCIDENT_CLOSED"})
    void shouldTestIncidentSeverity(EventType type) {
      IncidentEvent event = incidentEventOf(type);

      assertThat(matches(filters().severities(Severity.P0, Severity.P1), event)).isTrue();
      assertThat(matches(filters().severities(Severity.P0, Severity.P2), event)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
        names = {"INCIDENT_CREATED", "INCIDENT_UPDATED", "INCIDENT_RESOLVED", "INCIDENT_CLOSED"})
    void shouldTestIncidentState(EventType type) {
      IncidentEvent event = incidentEventOf(type);

      assertThat(matches(filters().states(IncidentState.INVESTIGATING), event)).isTrue();
      assertThat(matches(filters().states(IncidentState.DETECTED), event)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
        names = {"INCIDENT_CREATED", "INCIDENT_UPDATED", "INCIDENT_RESOLVED", "INCIDENT_CLOSED"})
    void shouldTestIncidentSource(EventType type) {
      IncidentEvent event = incidentEventOf(type);

      assertThat(matches(filters().sources("datadog", "prometheus"), event)).isTrue();
      assertThat(matches(filters().sources("datadog"), event)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
        names = {"INCIDENT_CREATED", "INCIDENT_UPDATED", "INCIDENT_RESOLVED", "INCIDENT_CLOSED"})
    void shouldMatchAnyOfTheIncidentResources(EventType type) {
      IncidentEvent event = incidentEventOf(type);

      assertThat(matches(filters().resources("api"), event)).isTrue();
      assertThat(matches(filters().resources("cache", "db"), event)).isTrue();
      assertThat(matches(filters().resources("cache"), event)).isFalse();
    }

    @Test
    void shouldFailResourcesFilterOnIncidentWithoutResources() {
      IncidentEvent event =
          incidentEvent(
              EventType.INCIDENT_CREATED,
              incident(X, Severity.P1, IncidentState.DETECTED, "prometheus", List.of(), Map.of()));

      assertThat(matches(filters().resources("db"), event)).isFalse();
      assertThat(matches(filters(), event)).isTrue();
    }

    @ParameterizedTest
    @EnumSource(
        names = {"INCIDENT_CREATED", "INCIDENT_UPDATED", "INCIDENT_RESOLVED", "INCIDENT_CLOSED"})
    void shouldTestIncidentLabels(EventType type) {
      IncidentEvent event = incidentEventOf(type);

      assertThat(matches(filters().labels(Map.of("env", "prod")), event)).isTrue();
      assertThat(matches(filters().labels(PROD_SRE), event)).isTrue();
      assertThat(matches(filters().labels(Map.of("env", "staging")), event)).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
        names = {"INCIDENT_CREATED", "INCIDENT_UPDATED", "INCIDENT_RESOLVED", "INCIDENT_CLOSED"})
    void shouldTestIncidentId(EventType type) {
      IncidentEvent event = incidentEventOf(type);

      assertThat(matches(filters().incidentIds(Y, X), event)).isTrue();
      assertThat(matches(filters().incidentIds(Y), event)).isFalse();
    }
  }

  @Nested
  class Labels {

    private final IncidentEvent event = incidentEventOf(EventType.INCIDENT_CREATED);

    @Test
    void shouldPassWhenFilterLabelsAreASubsetOfTheEventLabels() {
      assertThat(matches(filters().labels(Map.of("team", "sre")), event)).isTrue();
    }

    @Test
    void shouldFailWhenOneFilterLabelHasAnotherValue() {
      assertThat(matches(filters().labels(Map.of("env", "prod", "team", "db")), event)).isFalse();
    }

    @Test
    void shouldFailWhenOneFilterLabelIsMissingFromTheEvent() {
      assertThat(matches(filters().labels(Map.of("env", "prod", "region", "eu")), event)).isFalse();
    }

    @Test
    void shouldFailLabelsFilterOnEventWithoutLabels() {
      IncidentEvent unlabelled =
          alertReceived(alert(Severity.P1, "datadog", List.of("checkout"), Map.of(), null));

      assertThat(matches(filters().labels(Map.of("env", "prod")), unlabelled)).isFalse();
    }
  }

  @Nested
  class AlertReceivedEvents {

    @Test
    void shouldTestAlertSeveritySourceServicesAndLabels() {
      IncidentEvent event = alertReceived(alertP1(null));

      assertThat(matches(filters().severities(Severity.P1), event)).isTrue();
      assertThat(matches(filters().severities(Severity.P0), event)).isFalse();
      assertThat(matches(filters().sources("datadog"), event)).isTrue();
      assertThat(matches(filters().sources("prometheus"), event)).isFalse();
      assertThat(matches(filters().resources("cart"), event)).isTrue();
      assertThat(matches(filters().resources("db"), event)).isFalse();
      assertThat(matches(filters().labels(Map.of("team", "sre")), event)).isTrue();
      assertThat(matches(filters().labels(Map.of("team", "db")), event)).isFalse();
    }

    @Test
    void shouldNotBeRestrictedByStates() {
      IncidentEvent event = alertReceived(alertP1(null));

      assertThat(matches(filters().states(IncidentState.CLOSED), event)).isTrue();
    }

    @Test
    void shouldPassIncidentIdsFilterWhenNotLinkedToAnIncident() {
      IncidentEvent event = alertReceived(alertP1(null));

      assertThat(matches(filters().incidentIds(X), event)).isTrue();
    }

    @Test
    void shouldTestIncidentIdWhenLinkedToAnIncident() {
      IncidentEvent event = alertReceived(alertP1(X));

      assertThat(matches(filters().incidentIds(X), event)).isTrue();
      assertThat(matches(filters().incidentIds(Y), event)).isFalse();
    }

    @Test
    void shouldFailResourcesFilterOnAlertWithoutServices() {
      IncidentEvent event = alertReceived(alert(Severity.P1, "datadog", List.of(), PROD_SRE, null));

      assertThat(matches(filters().resources("checkout"), event)).isFalse();
    }
  }

  @Nested
  class AlertConvertedEvents {

    @Test
    void shouldTestAlertSeveritySourceServicesAndLabels() {
      IncidentEvent event = alertConverted(alertP1(null), X);

      assertThat(matches(filters().severities(Severity.P1), event)).isTrue();
      assertThat(matches(filters().severities(Severity.P3), event)).isFalse();
      assertThat(matches(filters().sources("datadog"), event)).isTrue();
      assertThat(matches(filters().sources("grafana"), event)).isFalse();
      assertThat(matches(filters().resources("checkout"), event)).isTrue();
      assertThat(matches(filters().resources("db"), event)).isFalse();
      assertThat(matches(filters().labels(Map.of("env", "prod")), event)).isTrue();
      assertThat(matches(filters().labels(Map.of("env", "dev")), event)).isFalse();
      assertThat(matches(filters().states(IncidentState.CLOSED), event)).isTrue();
    }

    @Test
    void shouldTestItsOwnIncidentIdNotTheAlerts() {
      IncidentEvent unlinkedAlert = alertConverted(alertP1(null), X);
      IncidentEvent staleAlertLink = alertConverted(alertP1(Y), X);

      assertThat(matches(filters().incidentIds(X), unlinkedAlert)).isTrue();
      assertThat(matches(filters().incidentIds(Y), unlinkedAlert)).isFalse();
      assertThat(matches(filters().incidentIds(X), staleAlertLink)).isTrue();
      assertThat(matches(filters().incidentIds(Y), staleAlertLink)).isFalse();
    }
  }

  @Nested
  class EscalatedEvents {

    private final IncidentEvent event = escalated(X, Severity.P2, Severity.P0);

    @Test
    void shouldTestToSeverityNotFromSeverity() {
      assertThat(matches(filters().severities(Severity.P0), event)).isTrue();
      assertThat(matches(filters().severities(Severity.P2), event)).isFalse();
    }

    @Test
    void shouldTestIncidentId() {
      assertThat(matches(filters().incidentIds(X), event)).isTrue();
      assertThat(matches(filters().incidentIds(Y), event)).isFalse();
    }

    @Test
    void shouldNotBeRestrictedByStateSourceResourcesOrLabels() {
      assertThat(
              matches(
                  filters()
                      .states(IncidentState.CLOSED)
                      .sources("nowhere")
                      .resources("nothing")
                      .labels(Map.of("env", "none")),
                  event))
          .isTrue();
    }
  }

  @Nested
  class IncidentIdOnlyEvents {

    @ParameterizedTest
    @EnumSource(
        names = {
          "PLAYBOOK_STARTED",
          "PLAYBOOK_ACTION_EXECUTED",
          "PLAYBOOK_COMPLETED",
          "NOTIFICATION_SENT",
          "ASSIGNMENT_CHANGED",
          "COMMENT_ADDED"
        })
    void shouldTestIncidentId(EventType type) {
      assertThat(matches(filters().incidentIds(X), incidentIdOnly(type, X))).isTrue();
      assertThat(matches(filters().incidentIds(X), incidentIdOnly(type, Y))).isFalse();
    }

    @Test
    void shouldNotLeakOtherIncidentsCommentsWhenFollowingAnIncident() {
      EventMatcher followX = FilterCompiler.compile(filters().incidentIds(X).build());

      assertThat(followX.matches(incidentIdOnly(EventType.COMMENT_ADDED, X))).isTrue();
      assertThat(followX.matches(incidentIdOnly(EventType.COMMENT_ADDED, Y))).isFalse();
    }

    @ParameterizedTest
    @EnumSource(
        names = {
          "PLAYBOOK_STARTED",
          "PLAYBOOK_ACTION_EXECUTED",
          "PLAYBOOK_COMPLETED",
          "NOTIFICATION_SENT",
          "ASSIGNMENT_CHANGED",
          "COMMENT_ADDED"
        })
    void shouldNotBeRestrictedByOtherKeys(EventType type) {
      IncidentEvent event = incidentIdOnly(type, X);

      assertThat(
              matches(
                  filters()
                      .severities(Severity.P4)
                      .states(IncidentState.CLOSED)
                      .sources("nowhere")
                      .resources("nothing")
                      .labels(Map.of("env", "none")),
                  event))
          .isTrue();
    }
  }

  @Nested
  class SystemEvents {

    @Test
    void shouldPassEveryKeyButEventTypes() {
      TestEvents.Filters everythingElse =
          filters()
              .severities(Severity.P0)
              .states(IncidentState.DETECTED)
              .sources("nowhere")
              .resources("nothing")
              .labels(Map.of("env", "none"))
              .incidentIds(Y);

      assertThat(matches(everythingElse, systemEvent())).isTrue();
      assertThat(matches(everythingElse.eventTypes(EventType.COMMENT_ADDED), systemEvent()))
          .isFalse();
    }
  }
}
