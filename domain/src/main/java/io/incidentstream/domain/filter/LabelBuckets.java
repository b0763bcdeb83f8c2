package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.IncidentEvent;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * Subscriptions with {@code labels}, filed under one of their label pairs: the one whose bucket is
 * smallest when they subscribe ({@link #rarestPair}), so that a common pair ({@code env=prod}) does
 * not collect everyone who also names a rarer one ({@code team=payments}). An event that carries
 * labels looks up the bucket of each of its pairs; a subscription sits under one pair only, and an
 * event has each key once, so no event sees it twice. Events that carry no labels pass that key and
 * look up a {@link TypeGrid} of every labelled subscription instead.
 *
 * <p>Not thread-safe: confined to the index's thread.
 */
final class LabelBuckets<K> {

  private final Map<String, Map<String, Bucket<K>>> byPair = new HashMap<>();
  private final TypeGrid<K> withoutLabels = new TypeGrid<>();
  private final PairScan scan = new PairScan();

  /** The pair to file {@code labels} under: the one whose bucket is smallest now. */
  Map.Entry<String, String> rarestPair(Map<String, String> labels) {
    Map.Entry<String, String> rarest = null;
    int rarestSize = Integer.MAX_VALUE;
    for (Map.Entry<String, String> pair : labels.entrySet()) {
      int size = sizeOf(pair.getKey(), pair.getValue());
      if (size < rarestSize) {
        rarest = pair;
        rarestSize = size;
      }
    }
    return Objects.requireNonNull(rarest, "labels must not be empty");
  }

  void add(IndexedSubscription<K> entry, Map.Entry<String, String> pair) {
    bucket(pair.getKey(), pair.getValue()).add(entry);
    withoutLabels.add(entry);
  }

  private int sizeOf(String key, String value) {
    Map<String, Bucket<K>> byValue = byPair.get(key);
    Bucket<K> bucket = byValue == null ? null : byValue.get(value);
    return bucket == null ? 0 : bucket.size();
  }

  private Bucket<K> bucket(String key, String value) {
    Map<String, Bucket<K>> byValue = byPair.computeIfAbsent(key, k -> new HashMap<>());
    return byValue.computeIfAbsent(value, v -> new Bucket<>(() -> drop(key, value)));
  }

  private void drop(String key, String value) {
    Map<String, Bucket<K>> byValue = byPair.get(key);
    if (byValue != null && byValue.remove(value) != null && byValue.isEmpty()) {
      byPair.remove(key);
    }
  }

  void collect(IncidentEvent event, MatchCollector<K> into) {
    Map<String, String> labels = event.filterLabels();
    if (labels == null) {
      withoutLabels.collect(event, into);
      return;
    }
    if (labels.isEmpty() || byPair.isEmpty()) {
      return;
    }
    scan.event = event;
    scan.into = into;
    try {
      labels.forEach(scan);
    } finally {
      scan.event = null;
      scan.into = null;
    }
  }

  /**
   * Visits an event's label pairs: one instance reused for every event, because {@code Map.forEach}
   * on the event's ordered map walks its entries without an iterator, where a lambda capturing the
   * event would be a new object per event.
   */
  private final class PairScan implements BiConsumer<String, String> {

    @Nullable IncidentEvent event;
    @Nullable MatchCollector<K> into;

    @Override
    public void accept(String key, String value) {
      Map<String, Bucket<K>> byValue = byPair.get(key);
      Bucket<K> bucket = byValue == null ? null : byValue.get(value);
      if (bucket != null && event != null && into != null) {
        bucket.scan(event, into);
      }
    }
  }
}
