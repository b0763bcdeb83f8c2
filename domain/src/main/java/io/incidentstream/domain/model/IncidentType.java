package io.incidentstream.domain.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What kind of incident it is. */
public enum IncidentType implements WireEnum {
  INFRASTRUCTURE("Infrastructure"),
  APPLICATION("Application"),
  SECURITY("Security"),
  DATA("Data"),
  PERFORMANCE("Performance"),
  AVAILABILITY("Availability"),
  COMPLIANCE("Compliance"),
  UNKNOWN("Unknown");

  private static final Map<String, IncidentType> BY_WIRE = WireEnums.index(values());

  private final String wire;

  IncidentType(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** The constant with exactly this wire spelling (case-sensitive), or null. */
  public static @Nullable IncidentType fromWire(String wire) {
    return BY_WIRE.get(wire);
  }
}
