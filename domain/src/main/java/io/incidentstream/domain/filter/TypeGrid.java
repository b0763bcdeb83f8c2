package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.Severity;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Subscriptions bucketed by event type and severity. A subscription with event types sits in the
 * row of each, refined by its severities for the types whose events always carry one; one without
 * sits in the wildcard row, refined by its severities too, with a copy in a "no severity" bucket
 * for the events that carry none. An event looks up at most four buckets (its type's row: any
 * severity and its own; the wildcard row: any severity and its own, or "no severity"), and a
 * subscription sits in exactly one of the buckets an event looks up, so no event sees it twice.
 *
 * <p>Not thread-safe: confined to the index's thread.
 */
final class TypeGrid<K> {

  /** Event types whose {@code filterSeverity()} is never null (DESIGN section 4). */
  private static final Set<EventType> SEVERITY_CARRIERS =
      EnumSet.of(
          EventType.INCIDENT_CREATED,
          EventType.INCIDENT_UPDATED,
          EventType.INCIDENT_RESOLVED,
          EventType.INCIDENT_CLOSED,
          EventType.ALERT_RECEIVED,
          EventType.ALERT_CONVERTED,
          EventType.ESCALATED);

  private static final int ANY_SEVERITY = Severity.values().length;
  private static final int NO_SEVERITY = ANY_SEVERITY + 1;
  private static final int SLOTS_PER_ROW = NO_SEVERITY + 1;
  private static final int WILDCARD_ROW = EventType.values().length * SLOTS_PER_ROW;

  private final Bucket<K>[] buckets = newBuckets(WILDCARD_ROW + SLOTS_PER_ROW);

  /** Files the subscription in every bucket its event types and severities select. */
  void add(IndexedSubscription<K> entry) {
    List<EventType> types = entry.filters.eventTypes();
    List<Severity> severities = entry.filters.severities();
    if (types.isEmpty()) {
      addToWildcardRow(entry, severities);
      return;
    }
    for (EventType type : types) {
      int row = type.ordinal() * SLOTS_PER_ROW;
      if (severities.isEmpty() || !SEVERITY_CARRIERS.contains(type)) {
        buckets[row + ANY_SEVERITY].add(entry);
      } else {
        addPerSeverity(entry, row, severities);
      }
    }
  }

  private void addToWildcardRow(IndexedSubscription<K> entry, List<Severity> severities) {
    if (severities.isEmpty()) {
      buckets[WILDCARD_ROW + ANY_SEVERITY].add(entry);
      return;
    }
    addPerSeverity(entry, WILDCARD_ROW, severities);
    buckets[WILDCARD_ROW + NO_SEVERITY].add(entry);
  }

  private void addPerSeverity(IndexedSubscription<K> entry, int row, List<Severity> severities) {
    for (Severity severity : severities) {
      buckets[row + severity.ordinal()].add(entry);
    }
  }

  /** Scans the buckets this event looks up. */
  void collect(IncidentEvent event, MatchCollector<K> into) {
    int row = event.type().ordinal() * SLOTS_PER_ROW;
    buckets[row + ANY_SEVERITY].scan(event, into);
    buckets[WILDCARD_ROW + ANY_SEVERITY].scan(event, into);
    Severity severity = event.filterSeverity();
    if (severity == null) {
      buckets[WILDCARD_ROW + NO_SEVERITY].scan(event, into);
      return;
    }
    buckets[row + severity.ordinal()].scan(event, into);
    buckets[WILDCARD_ROW + severity.ordinal()].scan(event, into);
  }

  @SuppressWarnings("unchecked")
  private static <K> Bucket<K>[] newBuckets(int count) {
    Bucket<K>[] result = (Bucket<K>[]) new Bucket<?>[count];
    for (int i = 0; i < count; i++) {
      result[i] = new Bucket<>(null);
    }
    return result;
  }
}
