package io.incidentstream.streaming.fanout;

import io.incidentstream.domain.protocol.ClientMessage;

/**
 * Adds and removes subscriptions. Every change is applied on the broadcaster's dispatch thread, in
 * order with live events, so a {@code subscribe} with {@code since} replays exactly the events the
 * live stream will not deliver. Replies go to the recipient. Thread-safe, never blocks.
 */
public interface SubscriptionService {

  void subscribe(Recipient recipient, ClientMessage.Subscribe subscribe);

  void unsubscribe(Recipient recipient, String subscriptionId);

  /** Drops every subscription of a recipient that went away. */
  void removeAll(Recipient recipient);

  /**
   * Runs {@code task} once every event handed over so far has reached the connections' queues (or
   * at once when fan-out has stopped): a graceful close queued behind them loses none.
   */
  void afterPendingEvents(Runnable task);

  /** Live subscriptions on this instance. */
  int activeSubscriptions();
}
