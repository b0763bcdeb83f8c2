package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.IncidentEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Subscriptions filed under the values of one single-valued event attribute (incident id, source):
 * one bucket per value, dropped when it empties. Events that do not carry the attribute pass that
 * filter key, so each subscription also sits in a {@link TypeGrid} that only those events look up.
 * A subscription is in each of its values' buckets, and an event carries one value, so no event
 * sees it twice.
 *
 * <p>Not thread-safe: confined to the index's thread.
 */
final class KeyedBuckets<V, K> {

  private final Map<V, Bucket<K>> byValue = new HashMap<>();
  private final TypeGrid<K> withoutAttribute = new TypeGrid<>();

  void add(IndexedSubscription<K> entry, List<V> values) {
    for (V value : values) {
      byValue.computeIfAbsent(value, this::newBucket).add(entry);
    }
    withoutAttribute.add(entry);
  }

  private Bucket<K> newBucket(V value) {
    return new Bucket<>(() -> byValue.remove(value));
  }

  /**
   * @param value the event's value of the attribute, or null when it does not carry it
   */
  void collect(@Nullable V value, IncidentEvent event, MatchCollector<K> into) {
    if (value == null) {
      withoutAttribute.collect(event, into);
      return;
    }
    Bucket<K> bucket = byValue.get(value);
    if (bucket != null) {
      bucket.scan(event, into);
    }
  }
}
