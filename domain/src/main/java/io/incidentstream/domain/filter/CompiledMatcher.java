package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A filter with at least one key other than {@code event_types}, compiled to bitmasks, hash sets
 * and label arrays. Checks run cheapest first; an empty key (mask 0, null set, no labels) is
 * skipped. {@link #matches} allocates nothing. Immutable and thread-safe.
 */
final class CompiledMatcher implements EventMatcher {

  private static final String[] NO_STRINGS = new String[0];

  private final int typeMask;
  private final int severityMask;
  private final int stateMask;
  private final @Nullable Set<UUID> incidentIds;
  private final @Nullable Set<String> sources;
  private final @Nullable Set<String> resources;
  private final String[] labelKeys;
  private final String[] labelValues;

  CompiledMatcher(SubscriptionFilters filters, int typeMask) {
    this.typeMask = typeMask;
    this.severityMask = Bits.mask(filters.severities());
    this.stateMask = Bits.mask(filters.states());
    this.incidentIds = setOrNull(filters.incidentIds());
    this.sources = setOrNull(filters.sources());
    this.resources = setOrNull(filters.affectedResources());
    this.labelKeys = filters.labels().keySet().toArray(NO_STRINGS);
    this.labelValues = filters.labels().values().toArray(NO_STRINGS);
  }

  @Override
  public boolean matches(IncidentEvent event) {
    return typePasses(event)
        && severityPasses(event)
        && statePasses(event)
        && incidentIdPasses(event)
        && sourcePasses(event)
        && resourcesPass(event)
        && labelsPass(event);
  }

  private boolean typePasses(IncidentEvent event) {
    return typeMask == 0 || (typeMask & Bits.bit(event.type())) != 0;
  }

  private boolean severityPasses(IncidentEvent event) {
    if (severityMask == 0) {
      return true;
    }
    Severity severity = event.filterSeverity();
    return severity == null || (severityMask & Bits.bit(severity)) != 0;
  }

  private boolean statePasses(IncidentEvent event) {
    if (stateMask == 0) {
      return true;
    }
    IncidentState state = event.filterState();
    return state == null || (stateMask & Bits.bit(state)) != 0;
  }

  private boolean incidentIdPasses(IncidentEvent event) {
    Set<UUID> ids = incidentIds;
    if (ids == null) {
      return true;
    }
    UUID id = event.filterIncidentId();
    return id == null || ids.contains(id);
  }

  private boolean sourcePasses(IncidentEvent event) {
    Set<String> wanted = sources;
    if (wanted == null) {
      return true;
    }
    String source = event.filterSource();
    return source == null || wanted.contains(source);
  }

  private boolean resourcesPass(IncidentEvent event) {
    Set<String> wanted = resources;
    if (wanted == null) {
      return true;
    }
    List<String> carried = event.filterResources();
    return carried == null || containsAny(wanted, carried);
  }

  private boolean labelsPass(IncidentEvent event) {
    if (labelKeys.length == 0) {
      return true;
    }
    Map<String, String> carried = event.filterLabels();
    return carried == null || containsAll(carried, labelKeys, labelValues);
  }

  // Indexed loops: the event lists are random-access immutable copies; no iterator per call.
  private static boolean containsAny(Set<String> wanted, List<String> carried) {
    for (int i = 0, n = carried.size(); i < n; i++) {
      if (wanted.contains(carried.get(i))) {
        return true;
      }
    }
    return false;
  }

  private static boolean containsAll(Map<String, String> carried, String[] keys, String[] values) {
    for (int i = 0; i < keys.length; i++) {
      if (!values[i].equals(carried.get(keys[i]))) {
        return false;
      }
    }
    return true;
  }

  private static <T> @Nullable Set<T> setOrNull(List<T> values) {
    return values.isEmpty() ? null : new HashSet<>(values);
  }
}
