package io.incidentstream.streaming.ingest;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Publishes events from code in the same JVM, as {@code POST /api/v1/events} does over HTTP. */
public interface EventPublisher {

  /** Publishes a batch for {@code tenant}, all or nothing, in order. */
  CompletableFuture<List<EventEnvelope>> publish(List<IncidentEvent> events, String tenant);

  /** Publishes one event for the default tenant. */
  default CompletableFuture<EventEnvelope> publish(IncidentEvent event) {
    return publish(List.of(event), EventEnvelope.DEFAULT_TENANT).thenApply(list -> list.get(0));
  }
}
