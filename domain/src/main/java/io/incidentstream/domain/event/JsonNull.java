package io.incidentstream.domain.event;

/** A JSON {@code null} inside free-form metadata, where Java collections cannot hold null. */
public enum JsonNull {
  INSTANCE
}
