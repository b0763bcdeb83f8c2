package io.incidentstream.domain.model;

import java.util.HashMap;
import java.util.Map;

/** Lookup tables from wire spelling to enum constant. */
public final class WireEnums {

  private WireEnums() {}

  /** An immutable map from each constant's wire spelling to the constant. */
  public static <E extends Enum<E> & WireEnum> Map<String, E> index(E[] values) {
    Map<String, E> byWire = new HashMap<>();
    for (E value : values) {
      byWire.put(value.wire(), value);
    }
    return Map.copyOf(byWire);
  }
}
