package io.incidentstream.streaming.ingest;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.Receipt;
import io.incidentstream.streaming.cluster.ClusterBus;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** Publishes events from code in the same JVM, as {@code POST /api/v1/events} does over HTTP. */
public interface EventPublisher {

  /**
   * Publishes a batch for {@code tenant}, all or nothing, in order. Events that carry a producer
   * {@code message_id} already sequenced for the tenant within {@code history-retention} are not
   * published again: their receipts are {@link Receipt.Duplicate}s naming the original seq.
   *
   * @param traceparent the W3C {@code traceparent} the envelopes carry across the cluster, so that
   *     each instance's fan-out joins that trace (null: none)
   */
  CompletableFuture<List<Receipt>> submit(
      List<ProducedEvent> events, String tenant, @Nullable String traceparent);

  /** {@link #submit(List, String, String)} outside any trace. */
  default CompletableFuture<List<Receipt>> submit(List<ProducedEvent> events, String tenant) {
    return submit(events, tenant, null);
  }

  /** Publishes a batch of events without producer ids for {@code tenant}, all or nothing. */
  default CompletableFuture<List<EventEnvelope>> publish(
      List<IncidentEvent> events, String tenant) {
    return submit(events.stream().map(ProducedEvent::of).toList(), tenant)
        .thenApply(ClusterBus::envelopes);
  }

  /** Publishes one event for the default tenant. */
  default CompletableFuture<EventEnvelope> publish(IncidentEvent event) {
    return publish(List.of(event), EventEnvelope.DEFAULT_TENANT).thenApply(list -> list.get(0));
  }
}
