package io.incidentstream.streaming.fanout;

import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.port.SubscriptionView;
import io.incidentstream.domain.protocol.ClientMessage;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

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
   * Bounds the recipient's subscriptions to {@code tenants} from now on (a token refresh narrowed
   * or widened them): its subscriptions are re-filed in the tenant-partitioned index, on the
   * dispatch thread in order with events, so no event fanned out or replayed after this call
   * reaches the recipient outside {@code tenants}. Events already in the connection's queue are not
   * recalled. Call it after {@link Recipient#tenantScope()} answers {@code tenants}: a recipient
   * without subscriptions yet has nothing filed, and its first subscription reads that.
   */
  void changeTenants(Recipient recipient, TenantScope tenants);

  /**
   * Runs {@code task} once every event handed over so far has reached the connections' queues (or
   * at once when fan-out has stopped): a graceful close queued behind them loses none.
   */
  void afterPendingEvents(Runnable task);

  /**
   * Copies the subscriptions of {@code recipients} (with their filters and matched counts) on the
   * dispatch thread, in order with the changes: the copy costs that thread no more than the
   * recipients asked about. Recipients without subscriptions are absent from the map; when fan-out
   * has stopped, the map is empty.
   */
  CompletionStage<Map<String, List<SubscriptionView>>> describe(
      Collection<? extends Recipient> recipients);

  /** Live subscriptions on this instance. */
  int activeSubscriptions();
}
