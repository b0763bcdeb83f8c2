package io.incidentstream.streaming.fanout;

import io.incidentstream.domain.event.EventEnvelope;

/**
 * Delivers sequenced events to the local connections whose subscriptions match.
 *
 * <p>The cluster bus calls {@link #onEvent} once per event, in {@code seq} order, from one thread
 * at a time, after the event is in the history. It never blocks: matching and queueing happen on
 * the broadcaster's own dispatch thread.
 */
public interface Broadcaster {

  void onEvent(EventEnvelope envelope);
}
