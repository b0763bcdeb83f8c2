package io.incidentstream.domain.filter;

import java.util.List;

/**
 * Receives the matches of one event from {@link SubscriptionIndex#match}: one call per matching
 * subscriber. Called on the matching thread, in the middle of the match: must not call the index.
 *
 * @param <K> the subscriber
 */
@FunctionalInterface
public interface MatchSink<K> {

  /**
   * @param subscriptionIds the ids of the subscriber's matching subscriptions, in the order they
   *     were first subscribed; never empty. Valid only during this call (the index reuses it): copy
   *     it to keep it.
   */
  void matched(K subscriber, List<String> subscriptionIds);
}
