package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.IncidentEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Gathers the matching subscriptions of one {@code match} call and groups them per subscriber. */
final class MatchCollector<K> {

  private static final Comparator<IndexedSubscription<?>> BY_ORDER =
      Comparator.comparingLong(IndexedSubscription::order);

  private @Nullable ArrayList<IndexedSubscription<K>> hits;

  void scan(IndexedSubscription<K> @Nullable [] bucket, IncidentEvent event) {
    if (bucket == null) {
      return;
    }
    for (IndexedSubscription<K> candidate : bucket) {
      if (candidate.matcher().matches(event)) {
        add(candidate);
      }
    }
  }

  private void add(IndexedSubscription<K> hit) {
    if (hits == null) {
      hits = new ArrayList<>(4);
    }
    hits.add(hit);
  }

  /**
   * One match per subscriber, subscribers and ids in subscription order. An id seen twice (a
   * replacement caught while both versions were indexed) is listed once.
   */
  List<SubscriptionIndex.Match<K>> result() {
    List<IndexedSubscription<K>> found = hits;
    if (found == null) {
      return List.of();
    }
    if (found.size() == 1) {
      IndexedSubscription<K> only = found.get(0);
      return List.of(new SubscriptionIndex.Match<>(only.subscriber(), List.of(only.id())));
    }
    found.sort(BY_ORDER);
    Map<K, List<String>> idsBySubscriber = new LinkedHashMap<>();
    for (IndexedSubscription<K> hit : found) {
      List<String> ids = idsBySubscriber.computeIfAbsent(hit.subscriber(), k -> new ArrayList<>(2));
      if (!ids.contains(hit.id())) {
        ids.add(hit.id());
      }
    }
    List<SubscriptionIndex.Match<K>> result = new ArrayList<>(idsBySubscriber.size());
    idsBySubscriber.forEach(
        (subscriber, ids) ->
            result.add(new SubscriptionIndex.Match<>(subscriber, List.copyOf(ids))));
    return List.copyOf(result);
  }
}
