package io.incidentstream.domain.protocol;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.ProducedEvent;
import java.util.List;
import java.util.Objects;

/**
 * Events an external producer published straight to the cluster's ingest channel, for one tenant.
 * Immutable.
 *
 * @param tenant as the producer gave it ({@link EventEnvelope#DEFAULT_TENANT} when it gave none);
 *     not yet validated
 * @param events each with the producer's optional {@code message_id}
 */
public record IngestBatch(String tenant, List<ProducedEvent> events) {

  public IngestBatch {
    Objects.requireNonNull(tenant, "tenant");
    events = List.copyOf(events);
  }
}
