package io.incidentstream.domain.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Lifecycle state of an incident. */
public enum IncidentState implements WireEnum {
  DETECTED("Detected"),
  TRIAGED("Triaged"),
  INVESTIGATING("Investigating"),
  REMEDIATING("Remediating"),
  RESOLVED("Resolved"),
  CLOSED("Closed");

  private static final Map<String, IncidentState> BY_WIRE = WireEnums.index(values());

  private final String wire;

  IncidentState(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** The constant with exactly this wire spelling (case-sensitive), or null. */
  public static @Nullable IncidentState fromWire(String wire) {
    return BY_WIRE.get(wire);
  }
}
