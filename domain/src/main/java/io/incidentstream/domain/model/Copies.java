package io.incidentstream.domain.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** Defensive copies that keep insertion order, so encoded JSON is stable from run to run. */
public final class Copies {

  private Copies() {}

  /** An unmodifiable, insertion-ordered copy; rejects null keys and values. */
  public static <V> Map<String, V> orderedMap(Map<String, V> source) {
    if (source.isEmpty()) {
      return Map.of();
    }
    LinkedHashMap<String, V> copy = new LinkedHashMap<>(source.size() * 2);
    source.forEach(
        (key, value) ->
            copy.put(
                Objects.requireNonNull(key, "map key"),
                Objects.requireNonNull(value, "map value")));
    return Collections.unmodifiableMap(copy);
  }
}
