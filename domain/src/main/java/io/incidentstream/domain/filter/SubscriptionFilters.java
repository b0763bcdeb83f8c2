package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.model.Copies;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The normalised filters of one subscription (DESIGN section 4): all seven keys present, each list
 * free of duplicates in first-seen order. An empty list or map means "no restriction"; values
 * within one list OR; keys AND.
 */
public record SubscriptionFilters(
    List<EventType> eventTypes,
    List<Severity> severities,
    List<IncidentState> states,
    List<String> sources,
    List<String> affectedResources,
    Map<String, String> labels,
    List<UUID> incidentIds) {

  /** Filters that let every event through. */
  public static final SubscriptionFilters NONE =
      new SubscriptionFilters(
          List.of(), List.of(), List.of(), List.of(), List.of(), Map.of(), List.of());

  public SubscriptionFilters {
    eventTypes = distinct(eventTypes);
    severities = distinct(severities);
    states = distinct(states);
    sources = distinct(sources);
    affectedResources = distinct(affectedResources);
    // One label is the common filter: a one-entry map is 24 bytes a subscription, the ordered
    // copy about 140. (Events keep the ordered copy: matching iterates their labels.)
    labels = labels.size() == 1 ? Map.copyOf(labels) : Copies.orderedMap(labels);
    incidentIds = distinct(incidentIds);
  }

  private static <T> List<T> distinct(List<T> values) {
    return values.stream().distinct().toList();
  }
}
