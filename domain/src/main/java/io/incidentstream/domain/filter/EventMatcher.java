package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.IncidentEvent;

/** A compiled subscription filter. Immutable and thread-safe. */
@FunctionalInterface
public interface EventMatcher {

  /** Whether the event passes the filter, by the table of DESIGN section 4. */
  boolean matches(IncidentEvent event);
}
