package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.Severity;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/**
 * Subscriptions bucketed by event type, refined by severity for the types whose events always carry
 * one; subscriptions without a type restriction share one wildcard bucket. A subscription sits in
 * exactly one of the buckets an event looks up, so no event sees it twice.
 *
 * <p>Readers take no lock; writers must be serialised by the caller.
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
  private static final int SLOTS_PER_TYPE = ANY_SEVERITY + 1;
  private static final int WILDCARD = EventType.values().length * SLOTS_PER_TYPE;

  private final AtomicReferenceArray<IndexedSubscription<K> @Nullable []> slots =
      new AtomicReferenceArray<>(WILDCARD + 1);

  void upsert(IndexedSubscription<K> fresh, @Nullable IndexedSubscription<K> old) {
    for (int slot : slotsOf(fresh.filters())) {
      slots.set(slot, Buckets.upsert(slots.get(slot), old, fresh));
    }
  }

  void remove(IndexedSubscription<K> old) {
    for (int slot : slotsOf(old.filters())) {
      slots.set(slot, Buckets.remove(slots.get(slot), old));
    }
  }

  /** Runs the matcher of every subscription in the buckets this event looks up. */
  void collect(IncidentEvent event, MatchCollector<K> into) {
    int base = event.type().ordinal() * SLOTS_PER_TYPE;
    into.scan(slots.get(base + ANY_SEVERITY), event);
    Severity severity = event.filterSeverity();
    if (severity != null) {
      into.scan(slots.get(base + severity.ordinal()), event);
    }
    into.scan(slots.get(WILDCARD), event);
  }

  private static int[] slotsOf(SubscriptionFilters filters) {
    if (filters.eventTypes().isEmpty()) {
      return new int[] {WILDCARD};
    }
    IntStream.Builder result = IntStream.builder();
    for (EventType type : filters.eventTypes()) {
      addSlots(type, filters.severities(), result);
    }
    return result.build().toArray();
  }

  private static void addSlots(EventType type, List<Severity> severities, IntStream.Builder into) {
    int base = type.ordinal() * SLOTS_PER_TYPE;
    if (severities.isEmpty() || !SEVERITY_CARRIERS.contains(type)) {
      into.add(base + ANY_SEVERITY);
      return;
    }
    for (Severity severity : severities) {
      into.add(base + severity.ordinal());
    }
  }
}
