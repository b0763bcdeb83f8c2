package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators for events of all 14 types and for filters, drawing every value from small pools so
 * that filters and events overlap often: both outcomes of a match are common.
 */
public final class FilterArbitraries {

  static final List<UUID> INCIDENT_IDS =
      List.of(
          UUID.fromString("00000000-0000-0000-0000-000000000001"),
          UUID.fromString("00000000-0000-0000-0000-000000000002"),
          UUID.fromString("00000000-0000-0000-0000-000000000003"));
  static final List<String> SOURCES = List.of("prometheus", "datadog", "grafana");
  static final List<String> RESOURCES = List.of("db", "api", "cache", "queue");
  static final List<String> LABEL_KEYS = List.of("env", "team", "region");
  static final List<String> LABEL_VALUES = List.of("prod", "staging");

  private static final List<EventType> INCIDENT_TYPES =
      List.of(
          EventType.INCIDENT_CREATED,
          EventType.INCIDENT_UPDATED,
          EventType.INCIDENT_RESOLVED,
          EventType.INCIDENT_CLOSED);
  private static final List<EventType> INCIDENT_ID_ONLY_TYPES =
      List.of(
          EventType.PLAYBOOK_STARTED,
          EventType.PLAYBOOK_ACTION_EXECUTED,
          EventType.PLAYBOOK_COMPLETED,
          EventType.NOTIFICATION_SENT,
          EventType.ASSIGNMENT_CHANGED,
          EventType.COMMENT_ADDED);

  private FilterArbitraries() {}

  /** Events of all 14 types, each type about equally likely. */
  public static Arbitrary<IncidentEvent> events() {
    return Arbitraries.frequencyOf(
        Tuple.of(4, incidentEvents()),
        Tuple.of(2, alertReceived()),
        Tuple.of(1, alertConverted()),
        Tuple.of(1, escalated()),
        Tuple.of(6, incidentIdOnlyEvents()),
        Tuple.of(1, Arbitraries.just(TestEvents.systemEvent())));
  }

  /** Filters whose every key is empty half of the time, else a small subset of its pool. */
  public static Arbitrary<SubscriptionFilters> filters() {
    return Combinators.combine(
            key(List.copyOf(EnumSet.allOf(EventType.class)), 10),
            key(List.of(Severity.values()), 3),
            key(List.of(IncidentState.values()), 4),
            key(SOURCES, 2),
            key(RESOURCES, 2),
            Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(Map.<String, String>of())), Tuple.of(1, labels(1))),
            key(INCIDENT_IDS, 2))
        .as(SubscriptionFilters::new);
  }

  private static <T> Arbitrary<List<T>> key(List<T> pool, int maxSize) {
    return Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(List.<T>of())), Tuple.of(1, subset(pool, 1, maxSize)));
  }

  private static <T> Arbitrary<List<T>> subset(List<T> pool, int minSize, int maxSize) {
    return Arbitraries.of(pool).list().uniqueElements().ofMinSize(minSize).ofMaxSize(maxSize);
  }

  private static Arbitrary<Map<String, String>> labels(int minSize) {
    return Arbitraries.maps(Arbitraries.of(LABEL_KEYS), Arbitraries.of(LABEL_VALUES))
        .ofMinSize(minSize)
        .ofMaxSize(2);
  }

  private static Arbitrary<UUID> incidentId() {
    return Arbitraries.of(INCIDENT_IDS);
  }

  private static Arbitrary<Incident> incidents() {
    return Combinators.combine(
            incidentId(),
            Arbitraries.of(Severity.class),
            Arbitraries.of(IncidentState.class),
            Arbitraries.of(SOURCES),
            subset(RESOURCES, 0, 3),
            labels(0))
        .as(TestEvents::incident);
  }

  private static Arbitrary<Alert> alerts() {
    return Combinators.combine(
            Arbitraries.of(Severity.class),
            Arbitraries.of(SOURCES),
            subset(RESOURCES, 0, 3),
            labels(0),
            incidentId().injectNull(0.5))
        .as(TestEvents::alert);
  }

  private static Arbitrary<IncidentEvent> incidentEvents() {
    return Combinators.combine(Arbitraries.of(INCIDENT_TYPES), incidents())
        .as(TestEvents::incidentEvent);
  }

  private static Arbitrary<IncidentEvent> alertReceived() {
    return alerts().map(TestEvents::alertReceived);
  }

  private static Arbitrary<IncidentEvent> alertConverted() {
    return Combinators.combine(alerts(), incidentId()).as(TestEvents::alertConverted);
  }

  private static Arbitrary<IncidentEvent> escalated() {
    return Combinators.combine(
            incidentId(), Arbitraries.of(Severity.class), Arbitraries.of(Severity.class))
        .as(TestEvents::escalated);
  }

  private static Arbitrary<IncidentEvent> incidentIdOnlyEvents() {
    return Combinators.combine(Arbitraries.of(INCIDENT_ID_ONLY_TYPES), incidentId())
        .as(TestEvents::incidentIdOnly);
  }
}
