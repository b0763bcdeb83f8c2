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

  /** A producer's JSON for one system event carrying the producer's own {@code message_id}. */
  public static String systemJson(String message, UUID messageId) {
    return "{\"message_id\":\"" + messageId + "\"," + systemJson(message).substring(1);
  }

  /** A producer's JSON for one incident_created event with the given severity spelling. */
  public static String incidentCreatedJson(String severity) {
    return """
        {"event_type":"incident_created","incident":{
          "id":"%s","created_at":"2026-11-25T12:00:00Z","updated_at":"2026-11-25T12:00:00Z",
          "state":"Detected","severity":"%s","incident_type":"Application","source":"prometheus",
          "title":"checkout-api 5xx above 5%%","description":"Error rate alert",
          "affected_resources":["checkout-api"],"labels":{"env":"prod"},"related_incidents":[],
          "active_playbook":null,"resolution":null,"timeline":[],"assignees":[],
          "fingerprint":null,"correlation_score":null}}"""
        .formatted(UUID.randomUUID(), severity);
  }
}
