package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.IncidentEvent;
import java.util.Objects;

/**
 * Turns normalised filters into a fast {@link EventMatcher}.
 *
 * <p>Filters without any restriction compile to a constant matcher, filters on event types alone to
 * a single bit test; anything else to bitmask and hash-set checks that skip its empty keys.
 */
public final class FilterCompiler {

  private static final EventMatcher ALL = event -> true;

  private FilterCompiler() {}

  public static EventMatcher compile(SubscriptionFilters filters) {
    Objects.requireNonNull(filters, "filters");
    if (filters.equals(SubscriptionFilters.NONE)) {
      return ALL;
    }
    int typeMask = Bits.mask(filters.eventTypes());
    if (restrictsOnlyEventTypes(filters)) {
      return new EventTypeMatcher(typeMask);
    }
    return new CompiledMatcher(filters, typeMask);
  }

  private static boolean restrictsOnlyEventTypes(SubscriptionFilters filters) {
    return filters.severities().isEmpty()
        && filters.states().isEmpty()
        && filters.sources().isEmpty()
        && filters.affectedResources().isEmpty()
        && filters.labels().isEmpty()
        && filters.incidentIds().isEmpty();
  }

  /** Only {@code event_types} is set: one bit test. */
  private record EventTypeMatcher(int typeMask) implements EventMatcher {

    @Override
    public boolean matches(IncidentEvent event) {
      return (typeMask & Bits.bit(event.type())) != 0;
    }
  }
}
