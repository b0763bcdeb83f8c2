package io.incidentstream.domain.protocol;

import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.TraceParent;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A producer's batch as {@link ClusterCodec#decodeIngest} reads it: from the ingest channel, or
 * from the body of {@code POST /api/v1/events}. Immutable.
 *
 * @param tenant the tenant the producer named in a {@code {"tenant":…,"events":[…]}} body, not yet
 *     validated; null when it named none (every other form names none)
 * @param events each with the producer's optional {@code message_id}
 * @param traceparent the producer's W3C {@code traceparent} (only the {@code
 *     {"tenant":…,"events":[…]}} form has a place for it); null when it gave none or a malformed
 *     one
 * @param list whether the events came as a list (an array, or the {@code events} of the batch form)
 *     rather than as one event object: a list is answered with a list of receipts
 */
public record IngestBatch(
    @Nullable String tenant,
    List<ProducedEvent> events,
    @Nullable String traceparent,
    boolean list) {

  public IngestBatch {
    events = List.copyOf(events);
    if (traceparent != null && !TraceParent.isValid(traceparent)) {
      throw new IllegalArgumentException("traceparent is not a W3C traceparent: " + traceparent);
    }
  }

  /** A batch-form batch outside any trace. */
  public IngestBatch(@Nullable String tenant, List<ProducedEvent> events) {
    this(tenant, events, null, true);
  }

  /** The tenant the producer named, else {@code fallback}. */
  public String tenantOr(String fallback) {
    return tenant != null ? tenant : Objects.requireNonNull(fallback, "fallback");
  }
}
