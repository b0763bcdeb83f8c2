package io.incidentstream.domain.port;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.EventMatcher;
import io.incidentstream.domain.filter.FilterCompiler;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.TenantScope;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What to read from the {@link EventLog}: the newest {@code limit} events that match {@code
 * filters} with the {@code /ws} semantics (DESIGN section 4), belong to a tenant {@code scope}
 * allows (and to {@code tenant}, when given), and name {@code incidentId} (when given). Immutable.
 *
 * @param scope the tenants the reader may see: nothing outside it is ever returned, whatever the
 *     other fields say
 * @param tenant only this tenant's events; null for every tenant of the scope
 * @param incidentId only events that name this incident (its incident events, its alerts once
 *     linked, escalations, playbooks, notifications, assignments, comments); null for all
 * @param limit how many events at most, 1 to {@value #MAX_LIMIT}
 */
public record EventQuery(
    SubscriptionFilters filters,
    TenantScope scope,
    @Nullable String tenant,
    @Nullable UUID incidentId,
    int limit) {

  /** Most events one read returns. */
  public static final int MAX_LIMIT = 1000;

  public EventQuery {
    Objects.requireNonNull(filters, "filters");
    Objects.requireNonNull(scope, "scope");
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException(
          "limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
    }
  }

  /** The newest {@code limit} events of every tenant in {@code scope}, unfiltered. */
  public static EventQuery recent(TenantScope scope, int limit) {
    return new EventQuery(SubscriptionFilters.NONE, scope, null, null, limit);
  }

  /**
   * Picks the answer from candidates given newest first: the first {@code limit} that this query
   * selects, returned oldest first (in seq order). Reads no further than it must.
   */
  public List<EventEnvelope> select(Iterator<EventEnvelope> newestFirst) {
    Objects.requireNonNull(newestFirst, "newestFirst");
    EventMatcher matcher = FilterCompiler.compile(filters);
    List<EventEnvelope> found = new ArrayList<>(Math.min(limit, 64));
    while (found.size() < limit && newestFirst.hasNext()) {
      EventEnvelope candidate = newestFirst.next();
      if (admits(candidate) && matcher.matches(candidate.event())) {
        found.add(candidate);
      }
    }
    Collections.reverse(found);
    return found;
  }

  /** The tenant and incident conditions (not the filters). */
  public boolean admits(EventEnvelope envelope) {
    if (!scope.allows(envelope.tenant())) {
      return false;
    }
    if (tenant != null && !tenant.equals(envelope.tenant())) {
      return false;
    }
    return incidentId == null || incidentId.equals(envelope.event().filterIncidentId());
  }
}
