package io.incidentstream.streaming.support;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.SystemEvent;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Small, valid events and envelopes for tests. */
public final class TestEvents {

  private TestEvents() {}

  public static IncidentEvent system(String message) {
    return new SystemEvent("test", message, Map.of());
  }

  public static EventEnvelope envelope(long seq, Instant timestamp) {
    return EventEnvelope.wrap(
        UUID.randomUUID(), seq, timestamp, EventEnvelope.DEFAULT_TENANT, system("e" + seq));
  }

  /** A producer's JSON for one system event, as the codec reads it. */
  public static String systemJson(String message) {
    return "{\"event_type\":\"system_event\",\"category\":\"test\",\"message\":\""
        + message
        + "\",\"metadata\":{}}";
  }
}
