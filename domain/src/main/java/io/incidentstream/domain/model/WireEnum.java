package io.incidentstream.domain.model;

/** An enum with an exact, case-sensitive name on the wire. */
public interface WireEnum {

  /** The exact spelling on the wire, e.g. {@code "P0"} or {@code "Investigating"}. */
  String wire();
}
