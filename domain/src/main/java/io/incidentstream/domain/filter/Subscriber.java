package io.incidentstream.domain.filter;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One subscriber's subscriptions by id, and its scratch space while one event is matched: the
 * matching subscriptions found so far, so that the index groups them per subscriber without
 * allocating. Not thread-safe: confined to the index's thread.
 */
final class Subscriber<K> {

  final K key;
  final Map<String, IndexedSubscription<K>> subscriptions = new HashMap<>(4);

  /** The match round that {@link #hits} belong to. */
  long round = -1;

  @Nullable IndexedSubscription<K>[] hits = newArray(1);
  int hitCount;

  Subscriber(K key) {
    this.key = key;
  }

  void addHit(IndexedSubscription<K> hit) {
    if (hitCount == hits.length) {
      @Nullable IndexedSubscription<K>[] grown = newArray(hitCount * 2);
      System.arraycopy(hits, 0, grown, 0, hitCount);
      hits = grown;
    }
    hits[hitCount++] = hit;
  }

  @SuppressWarnings("unchecked")
  private static <K> @Nullable IndexedSubscription<K>[] newArray(int length) {
    return (IndexedSubscription<K>[]) new IndexedSubscription<?>[length];
  }
}
