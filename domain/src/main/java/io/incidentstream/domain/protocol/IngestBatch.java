package io.incidentstream.domain.protocol;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import java.util.List;
import java.util.Objects;

/**
 * Events an external producer published straight to the cluster's ingest channel, for one tenant.
 * Immutable.
 *
 * @param tenant as the producer gave it ({@link EventEnvelope#DEFAULT_TENANT} when it gave none);
 *     not yet validated
 */
public record IngestBatch(String tenant, List<IncidentEvent> events) {

  public IngestBatch {
    Objects.requireNonNull(tenant, "tenant");
    events = List.copyOf(events);
  }
}
