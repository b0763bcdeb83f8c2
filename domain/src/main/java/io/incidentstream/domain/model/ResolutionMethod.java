package io.incidentstream.domain.model;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/** How an incident was resolved. */
public enum ResolutionMethod implements WireEnum {
  MANUAL("Manual"),
  AUTOMATED("Automated"),
  PLAYBOOK("Playbook"),
  SELF_HEALED("SelfHealed"),
  WORKAROUND("Workaround");

  private static final Map<String, ResolutionMethod> BY_WIRE = WireEnums.index(values());

  private final String wire;

  ResolutionMethod(String wire) {
    this.wire = wire;
  }

  @Override
  public String wire() {
    return wire;
  }

  /** The constant with exactly this wire spelling (case-sensitive), or null. */
  public static @Nullable ResolutionMethod fromWire(String wire) {
    return BY_WIRE.get(wire);
  }
}
