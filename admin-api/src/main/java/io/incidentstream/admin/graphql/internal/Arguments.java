package io.incidentstream.admin.graphql.internal;

import io.incidentstream.admin.graphql.AdminApiException;
import io.incidentstream.admin.graphql.ErrorCode;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.port.SessionCursor;
import io.incidentstream.domain.port.SessionFilter;
import io.incidentstream.domain.port.SessionSort;
import io.incidentstream.domain.port.SessionSortField;
import io.incidentstream.domain.port.SessionState;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads the schema's input objects into domain values; anything out of range is a {@link
 * ErrorCode#BAD_USER_INPUT} naming the argument. (Types and enum names the schema already checks.)
 */
final class Arguments {

  private Arguments() {}

  static AdminApiException badInput(String message) {
    return new AdminApiException(ErrorCode.BAD_USER_INPUT, message);
  }

  static int between(String name, @Nullable Integer value, int fallback, int min, int max) {
    int v = value == null ? fallback : value;
    if (v < min || v > max) {
      throw badInput(name + " must be between " + min + " and " + max + ", was " + v);
    }
    return v;
  }

  static SessionFilter sessionFilter(@Nullable Map<String, Object> input) {
    if (input == null) {
      return SessionFilter.ALL;
    }
    Long minIdleMs = (Long) input.get("minIdleMs");
    Integer minQueueDepth = (Integer) input.get("minQueueDepth");
    if (minIdleMs != null && minIdleMs < 0) {
      throw badInput("filter.minIdleMs must not be negative, was " + minIdleMs);
    }
    if (minQueueDepth != null && minQueueDepth < 0) {
      throw badInput("filter.minQueueDepth must not be negative, was " + minQueueDepth);
    }
    return new SessionFilter(
        (String) input.get("instanceId"),
        (String) input.get("subject"),
        (String) input.get("tenant"),
        enumOrNull(SessionState.class, input.get("state")),
        (String) input.get("remoteAddress"),
        minIdleMs == null ? null : Duration.ofMillis(minIdleMs),
        minQueueDepth,
        enumOrNull(EventType.class, input.get("subscribedTo")));
  }

  static SessionSort sessionSort(@Nullable Map<String, Object> input) {
    if (input == null) {
      return SessionSort.DEFAULT;
    }
    SessionSortField field = enumOrNull(SessionSortField.class, input.get("field"));
    Object direction = input.get("direction");
    return new SessionSort(
        field == null ? SessionSortField.CONNECTED_AT : field, !"ASC".equals(direction));
  }

  static @Nullable SessionCursor cursor(@Nullable String after) {
    if (after == null) {
      return null;
    }
    try {
      return SessionCursor.decode(after);
    } catch (IllegalArgumentException e) {
      throw badInput("after is not a cursor of this API: " + after);
    }
  }

  @SuppressWarnings("unchecked")
  static SubscriptionFilters filters(@Nullable Map<String, Object> input) {
    if (input == null) {
      return SubscriptionFilters.NONE;
    }
    return new SubscriptionFilters(
        enums(EventType.class, (List<Object>) input.get("eventTypes")),
        enums(Severity.class, (List<Object>) input.get("severities")),
        enums(IncidentState.class, (List<Object>) input.get("states")),
        strings((List<Object>) input.get("sources")),
        strings((List<Object>) input.get("affectedResources")),
        labels((List<Map<String, Object>>) input.get("labels")),
        map((List<Object>) input.get("incidentIds"), Arguments::uuid));
  }

  static UUID uuid(Object value) {
    try {
      return UUID.fromString(String.valueOf(value));
    } catch (IllegalArgumentException e) {
      throw badInput("not an incident id (UUID): " + value);
    }
  }

  private static Map<String, String> labels(@Nullable List<Map<String, Object>> input) {
    Map<String, String> labels = new LinkedHashMap<>();
    if (input != null) {
      for (Map<String, Object> label : input) {
        labels.put(String.valueOf(label.get("key")), String.valueOf(label.get("value")));
      }
    }
    return labels;
  }

  private static List<String> strings(@Nullable List<Object> values) {
    return map(values, String::valueOf);
  }

  private static <E extends Enum<E>> List<E> enums(Class<E> type, @Nullable List<Object> values) {
    return map(values, value -> Enum.valueOf(type, String.valueOf(value)));
  }

  private static <T> List<T> map(@Nullable List<Object> values, Function<Object, T> f) {
    return values == null ? List.of() : values.stream().map(f).toList();
  }

  private static <E extends Enum<E>> @Nullable E enumOrNull(Class<E> type, @Nullable Object value) {
    return value == null ? null : Enum.valueOf(type, String.valueOf(value));
  }
}
