package io.incidentstream.domain.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Delivery priority: under pressure a queue sheds {@code Low} first; {@code Critical} is never
 * shed.
 */
public enum Priority implements WireEnum {
  LOW("Low"),
  NORMAL("Normal"),
  HIGH("High"),
  CRITICAL("Critical");

  private static final Map<String, Priority> BY_WIRE = WireEnums.index(values());

  private final String wire;

  Priority(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** The constant with exactly this wire spelling (case-sensitive), or null. */
  public static @Nullable Priority fromWire(String wire) {
    return BY_WIRE.get(wire);
  }
}
