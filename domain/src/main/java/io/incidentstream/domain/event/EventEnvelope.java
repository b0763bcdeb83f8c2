package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Priority;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event as the stream carries it: identity, cluster-wide position and routing data around the
 * producer's event. Immutable.
 *
 * @param seq position in the stream, monotonic across the cluster
 * @param timestamp when the stream accepted the event
 * @param tenant the tenant the event belongs to; sessions see only tenants their token allows
 * @param traceparent the W3C {@code traceparent} of the request that published the event, carried
 *     across the cluster so that every instance's fan-out joins that trace; null when tracing is
 *     off or the event came without one (then nothing of it is on the wire)
 */
public record EventEnvelope(
    UUID messageId,
    long seq,
    Instant timestamp,
    Priority priority,
    String tenant,
    IncidentEvent event,
    @Nullable String traceparent) {

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
    if (traceparent != null && !TraceParent.isValid(traceparent)) {
      throw new IllegalArgumentException("traceparent is not a W3C traceparent: " + traceparent);
    }
  }

  /** An envelope outside any trace. */
  public EventEnvelope(
      UUID messageId,
      long seq,
      Instant timestamp,
      Priority priority,
      String tenant,
      IncidentEvent event) {
    this(messageId, seq, timestamp, priority, tenant, event, null);
  }

  /** Wraps {@code event} with the priority its type and content call for. */
  public static EventEnvelope wrap(
      UUID messageId, long seq, Instant timestamp, String tenant, IncidentEvent event) {
    return new EventEnvelope(messageId, seq, timestamp, event.priority(), tenant, event, null);
  }

  /** {@link #wrap(UUID, long, Instant, String, IncidentEvent)} within a trace. */
  public static EventEnvelope wrap(
      UUID messageId,
      long seq,
      Instant timestamp,
      String tenant,
      IncidentEvent event,
      @Nullable String traceparent) {
    return new EventEnvelope(
        messageId, seq, timestamp, event.priority(), tenant, event, traceparent);
  }

  /** This envelope within the trace {@code newTraceparent} (null: outside any). */
  public EventEnvelope withTraceParent(@Nullable String newTraceparent) {
    return new EventEnvelope(messageId, seq, timestamp, priority, tenant, event, newTraceparent);
  }

  /** This envelope at {@code newSeq}. */
  public EventEnvelope withSeq(long newSeq) {
    return new EventEnvelope(messageId, newSeq, timestamp, priority, tenant, event, traceparent);
  }
}
