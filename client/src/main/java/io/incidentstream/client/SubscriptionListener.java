package io.incidentstream.client;

/**
 * Receives one subscription's events, in {@code seq} order, each once, across reconnects. Called on
 * the client's dispatch thread, one call at a time; a slow listener makes the client fall behind
 * (see {@link IncidentStreamClient.Builder#handOffCapacity}), it never loses events.
 */
@FunctionalInterface
public interface SubscriptionListener {

  void onEvent(StreamEvent event);

  /**
   * The server confirmed the subscription (on every connection, after each resubscribe); the events
   * it selects follow. The default does nothing.
   *
   * @param epoch the stream's epoch the events that follow are numbered in
   */
  default void onSubscribed(String subscriptionId, String epoch) {}

  /**
   * The server resumed this subscription with a possible gap ({@code "recovered": false}): state
   * built from earlier events may be stale, reload it. Called before the events that follow the
   * resume. The default does nothing.
   */
  default void onNotRecovered(NotRecovered notice) {}
}
