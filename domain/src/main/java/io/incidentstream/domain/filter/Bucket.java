package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.IncidentEvent;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The subscriptions filed under one index key: a growable array, unordered. Adding appends and
 * removing moves the last entry into the hole, so both cost O(1) whatever the bucket's size; each
 * entry records its slot (see {@link IndexedSubscription}). Not thread-safe: confined to the
 * index's thread.
 */
final class Bucket<K> {

  private static final int INITIAL_CAPACITY = 4;

  private final @Nullable Runnable whenEmpty;
  private @Nullable IndexedSubscription<K>[] entries = newArray(INITIAL_CAPACITY);
  private int size;

  /**
   * @param whenEmpty run when the last entry leaves (a keyed bucket drops itself from its map), or
   *     null for a bucket that stays
   */
  Bucket(@Nullable Runnable whenEmpty) {
    this.whenEmpty = whenEmpty;
  }

  int size() {
    return size;
  }

  void add(IndexedSubscription<K> entry) {
    if (size == entries.length) {
      entries = Arrays.copyOf(entries, size * 2);
    }
    entries[size] = entry;
    entry.addHome(this, size);
    size++;
  }

  /** Removes the entry at {@code slot}; the last entry takes its place. */
  void removeAt(int slot) {
    int last = --size;
    IndexedSubscription<K> moved = entries[last];
    entries[slot] = moved;
    entries[last] = null;
    if (slot != last) {
      moved.movedTo(this, slot);
    }
    if (size == 0 && whenEmpty != null) {
      whenEmpty.run();
    } else if (entries.length > INITIAL_CAPACITY && size < entries.length / 4) {
      entries = Arrays.copyOf(entries, entries.length / 2);
    }
  }

  /**
   * Hands every entry whose residual filter accepts the event to {@code into}. Allocates nothing.
   */
  void scan(IncidentEvent event, MatchCollector<K> into) {
    IndexedSubscription<K>[] candidates = entries;
    for (int i = 0, n = size; i < n; i++) {
      IndexedSubscription<K> candidate = candidates[i];
      if (candidate.residual.matches(event)) {
        into.hit(candidate);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <K> IndexedSubscription<K>[] newArray(int length) {
    return (IndexedSubscription<K>[]) new IndexedSubscription<?>[length];
  }
}
