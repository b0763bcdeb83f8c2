package io.incidentstream.domain.protocol;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.TraceParent;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Events an external producer published straight to the cluster's ingest channel, for one tenant.
 * Immutable.
 *
 * @param tenant as the producer gave it ({@link EventEnvelope#DEFAULT_TENANT} when it gave none);
 *     not yet validated
 * @param events each with the producer's optional {@code message_id}
 * @param traceparent the producer's W3C {@code traceparent} (only the {@code
 *     {"tenant":…,"events":[…]}} form has a place for it); null when it gave none or a malformed
 *     one
 */
public record IngestBatch(String tenant, List<ProducedEvent> events, @Nullable String traceparent) {

  public IngestBatch {
    Objects.requireNonNull(tenant, "tenant");
    events = List.copyOf(events);
    if (traceparent != null && !TraceParent.isValid(traceparent)) {
      throw new IllegalArgumentException("traceparent is not a W3C traceparent: " + traceparent);
    }
  }

  /** A batch outside any trace. */
  public IngestBatch(String tenant, List<ProducedEvent> events) {
    this(tenant, events, null);
  }
}
