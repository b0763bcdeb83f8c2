package io.incidentstream.streaming.cluster;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.Receipt;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * Orders events into the stream and carries them to every instance's {@link
 * io.incidentstream.streaming.fanout.Broadcaster}. Assigns {@code seq}, appends the history and
 * delivers, as one step per event. In-process by default; Redis when {@code redis.uri} is set.
 */
public interface ClusterBus {

  /**
   * Sequences and publishes a batch, in order. An event whose producer {@code message_id} was
   * already sequenced for {@code tenant} within {@code history-retention} (by any instance) is not
   * published again: its receipt is a {@link Receipt.Duplicate} with the original seq. Completes
   * with one receipt per event once accepted; completes exceptionally if the bus cannot accept the
   * batch (nothing was published). Never blocks the caller.
   *
   * @param traceparent the W3C {@code traceparent} every envelope of the batch carries to every
   *     instance's fan-out (null: none)
   */
  CompletableFuture<List<Receipt>> submit(
      List<ProducedEvent> events, String tenant, @Nullable String traceparent);

  /** {@link #submit(List, String, String)} outside any trace. */
  default CompletableFuture<List<Receipt>> submit(List<ProducedEvent> events, String tenant) {
    return submit(events, tenant, null);
  }

  /**
   * Sequences and publishes events without producer ids (so none is a duplicate): {@link #submit}
   * answered with the envelopes.
   */
  default CompletableFuture<List<EventEnvelope>> publish(
      List<IncidentEvent> events, String tenant) {
    return submit(events.stream().map(ProducedEvent::of).toList(), tenant)
        .thenApply(ClusterBus::envelopes);
  }

  /** The envelopes of receipts that are all {@link Receipt.Sequenced}. */
  static List<EventEnvelope> envelopes(List<Receipt> receipts) {
    return receipts.stream().map(receipt -> ((Receipt.Sequenced) receipt).envelope()).toList();
  }
}
