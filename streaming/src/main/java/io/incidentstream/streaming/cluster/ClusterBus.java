package io.incidentstream.streaming.cluster;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Orders events into the stream and carries them to every instance's {@link
 * io.incidentstream.streaming.fanout.Broadcaster}. Assigns {@code seq}, appends the history and
 * delivers, as one step per event. In-process by default; Redis when {@code redis.uri} is set.
 */
public interface ClusterBus {

  /**
   * Sequences and publishes a batch, in order. Completes with the envelopes (message id, seq) once
   * accepted; completes exceptionally if the bus cannot accept them (nothing was published). Never
   * blocks the caller.
   */
  CompletableFuture<List<EventEnvelope>> publish(List<IncidentEvent> events, String tenant);
}
