package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.AlertConverted;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.AssignmentChanged;
import io.incidentstream.domain.event.CommentAdded;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentClosed;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.IncidentResolved;
import io.incidentstream.domain.event.IncidentUpdated;
import io.incidentstream.domain.event.NotificationSent;
import io.incidentstream.domain.event.PlaybookActionExecuted;
import io.incidentstream.domain.event.PlaybookCompleted;
import io.incidentstream.domain.event.PlaybookStarted;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.IncidentType;
import io.incidentstream.domain.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** Builders for events and filters in tests. */
final class TestEvents {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private TestEvents() {}

  static Incident incident(
      UUID id,
      Severity severity,
      IncidentState state,
      String source,
      List<String> resources,
      Map<String, String> labels) {
    return Incident.builder(id, severity, state, T0)
        .incidentType(IncidentType.APPLICATION)
        .source(source)
        .affectedResources(resources)
        .labels(labels)
        .build();
  }

  static Alert alert(
      Severity severity,
      String source,
      List<String> services,
      Map<String, String> labels,
      @Nullable UUID incidentId) {
    UUID id = UUID.nameUUIDFromBytes(source.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return Alert.builder(id, severity, T0)
        .source(source)
        .labels(labels)
        .affectedServices(services)
        .incidentId(incidentId)
        .build();
  }

  /** An event of the given incident-carrying type around {@code incident}. */
  static IncidentEvent incidentEvent(EventType type, Incident incident) {
    return switch (type) {
      case INCIDENT_CREATED -> new IncidentCreated(incident);
      case INCIDENT_UPDATED -> new IncidentUpdated(incident, IncidentState.DETECTED);
      case INCIDENT_RESOLVED -> new IncidentResolved(incident);
      case INCIDENT_CLOSED -> new IncidentClosed(incident);
      default -> throw new IllegalArgumentException("not an incident_* type: " + type);
    };
  }

  static AlertReceived alertReceived(Alert alert) {
    return new AlertReceived(alert);
  }

  static AlertConverted alertConverted(Alert alert, UUID incidentId) {
    return new AlertConverted(alert, incidentId);
  }

  static Escalated escalated(UUID incidentId, Severity from, Severity to) {
    return new Escalated(incidentId, from, to, "worse");
  }

  /** An event of one of the types that carry only an incident id. */
  static IncidentEvent incidentIdOnly(EventType type, UUID incidentId) {
    return switch (type) {
      case PLAYBOOK_STARTED -> new PlaybookStarted(incidentId, "pb-1", "restart");
      case PLAYBOOK_ACTION_EXECUTED ->
          new PlaybookActionExecuted(incidentId, "pb-1", "restart-pod", true, "done");
      case PLAYBOOK_COMPLETED -> new PlaybookCompleted(incidentId, "pb-1", true, 3);
      case NOTIFICATION_SENT -> new NotificationSent(incidentId, "slack", true);
      case ASSIGNMENT_CHANGED -> new AssignmentChanged(incidentId, List.of("alice"));
      case COMMENT_ADDED -> new CommentAdded(incidentId, "alice", "looking", T0);
      default -> throw new IllegalArgumentException("not an incident-id-only type: " + type);
    };
  }

  static SystemEvent systemEvent() {
    return new SystemEvent("deploy", "rolled out", Map.of("version", "1.2.3"));
  }

  /** Filter builder: start from no restriction, set the keys a test needs. */
  static Filters filters() {
    return new Filters();
  }

  static final class Filters {
    private List<EventType> eventTypes = List.of();
    private List<Severity> severities = List.of();
    private List<IncidentState> states = List.of();
    private List<String> sources = List.of();
    private List<String> resources = List.of();
    private Map<String, String> labels = Map.of();
    private List<UUID> incidentIds = List.of();

    Filters eventTypes(EventType... values) {
      eventTypes = List.of(values);
      return this;
    }

    Filters severities(Severity... values) {
      severities = List.of(values);
      return this;
    }

    Filters states(IncidentState... values) {
      states = List.of(values);
      return this;
    }

    Filters sources(String... values) {
      sources = List.of(values);
      return this;
    }

    Filters resources(String... values) {
      resources = List.of(values);
      return this;
    }

    Filters labels(Map<String, String> values) {
      labels = values;
      return this;
    }

    Filters incidentIds(UUID... values) {
      incidentIds = List.of(values);
      return this;
    }

    SubscriptionFilters build() {
      return new SubscriptionFilters(
          eventTypes, severities, states, sources, resources, labels, incidentIds);
    }
  }
}
