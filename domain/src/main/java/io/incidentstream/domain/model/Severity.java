package io.incidentstream.domain.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Incident and alert severity, {@code P0} (most severe) to {@code P4}. */
public enum Severity implements WireEnum {
  P0("P0"),
  P1("P1"),
  P2("P2"),
  P3("P3"),
  P4("P4");

  private static final Map<String, Severity> BY_WIRE = WireEnums.index(values());

  private final String wire;

  Severity(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** The constant with exactly this wire spelling (case-sensitive), or null. */
  public static @Nullable Severity fromWire(String wire) {
    return BY_WIRE.get(wire);
  }
}
