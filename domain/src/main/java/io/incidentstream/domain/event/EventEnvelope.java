package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Priority;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An event as the stream carries it: identity, cluster-wide position and routing data around the
 * producer's event. Immutable.
 *
 * @param seq position in the stream, monotonic across the cluster
 * @param timestamp when the stream accepted the event
 * @param tenant the tenant the event belongs to; sessions see only tenants their token allows
 */
public record EventEnvelope(
    UUID messageId,
    long seq,
    Instant timestamp,
    Priority priority,
    String tenant,
    IncidentEvent event) {

  /** Tenant of events published without one. */
  public static final String DEFAULT_TENANT = "default";

  public EventEnvelope {
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(event, "event");
    if (seq < 0) {
      throw new IllegalArgumentException("seq must be >= 0, was " + seq);
    }
  }

  /** Wraps {@code event} with the priority its type and content call for. */
  public static EventEnvelope wrap(
      UUID messageId, long seq, Instant timestamp, String tenant, IncidentEvent event) {
    return new EventEnvelope(messageId, seq, timestamp, event.priority(), tenant, event);
  }
}
