package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.IncidentEvent;
import java.util.List;

/**
 * All live subscriptions, indexed by event type and filter key so that matching one event costs in
 * proportion to the candidates it could match, not to every subscription.
 *
 * <p>Thread-safe: any thread may add or remove while any thread matches; matching takes no lock.
 *
 * @param <K> the subscriber (a session); compared by identity of {@code equals}/{@code hashCode}
 */
public final class SubscriptionIndex<K> {

  /** One subscriber's matches for an event: every subscription id of it that matched. */
  public record Match<K>(K subscriber, List<String> subscriptionIds) {}

  public SubscriptionIndex() {}

  /** Adds a subscription, replacing the subscriber's subscription with the same id if any. */
  public void put(K subscriber, String subscriptionId, SubscriptionFilters filters) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Removes one subscription; returns whether it existed. */
  public boolean remove(K subscriber, String subscriptionId) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Removes every subscription of a subscriber (on disconnect). */
  public void removeAll(K subscriber) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Number of live subscriptions. */
  public int size() {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Every subscriber with at least one matching subscription, each exactly once, with the ids of
   * all its matching subscriptions.
   */
  public List<Match<K>> match(IncidentEvent event) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
