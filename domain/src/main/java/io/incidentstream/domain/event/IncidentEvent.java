package io.incidentstream.domain.event;

import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Priority;
import io.incidentstream.domain.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An incident-lifecycle event: one of the 14 types of DESIGN section 3.
 *
 * <p>The {@code filter*} accessors implement the attribute table of DESIGN section 4 in one place:
 * each returns the value a filter key tests, or null when the event does not carry that attribute
 * and so the key does not restrict it. An empty list or map is carried: a filter on it fails.
 * Implementations are immutable records, safe to share across threads.
 */
public sealed interface IncidentEvent
    permits IncidentCarrier,
        AlertCarrier,
        Escalated,
        PlaybookStarted,
        PlaybookActionExecuted,
        PlaybookCompleted,
        NotificationSent,
        AssignmentChanged,
        CommentAdded,
        SystemEvent {

  EventType type();

  /** Delivery priority by the rules of DESIGN section 3. */
  Priority priority();

  /** Severity a {@code severities} filter tests, or null when that key does not restrict. */
  default @Nullable Severity filterSeverity() {
    return null;
  }

  /** State a {@code states} filter tests, or null when that key does not restrict. */
  default @Nullable IncidentState filterState() {
    return null;
  }

  /** Source a {@code sources} filter tests, or null when that key does not restrict. */
  default @Nullable String filterSource() {
    return null;
  }

  /**
   * Resources an {@code affected_resources} filter tests (any one matches), or null when that key
   * does not restrict this event type.
   */
  default @Nullable List<String> filterResources() {
    return null;
  }

  /** Labels a {@code labels} filter tests, or null when that key does not restrict. */
  default @Nullable Map<String, String> filterLabels() {
    return null;
  }

  /**
   * The incident id an {@code incident_ids} filter tests, or null when that key does not restrict
   * (including an {@code alert_received} whose alert is not linked to an incident yet).
   */
  default @Nullable UUID filterIncidentId() {
    return null;
  }
}
