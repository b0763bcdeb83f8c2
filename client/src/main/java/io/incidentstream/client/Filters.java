package io.incidentstream.client;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.model.WireEnum;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Builds the {@link SubscriptionFilters} of a subscription (DESIGN section 4: values within one key
 * OR, keys AND, an empty key restricts nothing). Not thread-safe; build once and share the result.
 *
 * <pre>{@code
 * SubscriptionFilters p0 = Filters.builder()
 *     .eventTypes(EventType.INCIDENT_CREATED, EventType.ESCALATED)
 *     .severities(Severity.P0, Severity.P1)
 *     .build();
 * }</pre>
 */
public final class Filters {

  private final List<EventType> eventTypes = new ArrayList<>();
  private final List<Severity> severities = new ArrayList<>();
  private final List<IncidentState> states = new ArrayList<>();
  private final List<String> sources = new ArrayList<>();
  private final List<String> affectedResources = new ArrayList<>();
  private final Map<String, String> labels = new LinkedHashMap<>();
  private final List<UUID> incidentIds = new ArrayList<>();

  private Filters() {}

  public static Filters builder() {
    return new Filters();
  }

  /** Filters that let every event of the token's tenants through. */
  public static SubscriptionFilters none() {
    return SubscriptionFilters.NONE;
  }

  public Filters eventTypes(EventType... values) {
    eventTypes.addAll(checked(values, "eventTypes"));
    return this;
  }

  public Filters severities(Severity... values) {
    severities.addAll(checked(values, "severities"));
    return this;
  }

  public Filters states(IncidentState... values) {
    states.addAll(checked(values, "states"));
    return this;
  }

  public Filters sources(String... values) {
    sources.addAll(checked(values, "sources"));
    return this;
  }

  public Filters affectedResources(String... values) {
    affectedResources.addAll(checked(values, "affectedResources"));
    return this;
  }

  public Filters label(String key, String value) {
    labels.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return this;
  }

  public Filters incidentIds(UUID... values) {
    incidentIds.addAll(checked(values, "incidentIds"));
    return this;
  }

  public SubscriptionFilters build() {
    return new SubscriptionFilters(
        eventTypes, severities, states, sources, affectedResources, labels, incidentIds);
  }

  /**
   * Event types by their wire names ({@code incident_created}), case-sensitive.
   *
   * @throws IllegalArgumentException naming the unknown value and the valid ones
   */
  public static List<EventType> eventTypes(List<String> wireNames) {
    return parse(wireNames, "event type", EventType::fromWire, EventType.values());
  }

  /**
   * Severities by their wire names ({@code P0}..{@code P4}), case-sensitive.
   *
   * @throws IllegalArgumentException naming the unknown value and the valid ones
   */
  public static List<Severity> severities(List<String> wireNames) {
    return parse(wireNames, "severity", Severity::fromWire, Severity.values());
  }

  private static <E extends WireEnum> List<E> parse(
      List<String> wireNames, String what, Function<String, @Nullable E> byWire, E[] all) {
    List<E> parsed = new ArrayList<>(wireNames.size());
    for (String name : wireNames) {
      E value = byWire.apply(name);
      if (value == null) {
        throw new IllegalArgumentException(
            "unknown "
                + what
                + " \""
                + name
                + "\" (expected one of "
                + Arrays.stream(all).map(WireEnum::wire).collect(Collectors.joining(", "))
                + ")");
      }
      parsed.add(value);
    }
    return parsed;
  }

  private static <T> List<T> checked(T[] values, String name) {
    Objects.requireNonNull(values, name);
    for (T value : values) {
      Objects.requireNonNull(value, () -> name + " must not contain null");
    }
    return Arrays.asList(values);
  }
}
