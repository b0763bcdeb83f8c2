package io.incidentstream.domain.filter;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * Gathers the matching subscriptions of one {@code match} call per subscriber, then hands each
 * subscriber to the sink once with its ids in subscription order. Reused for every call: its arrays
 * grow to the largest match seen and stay, so a call allocates nothing. Not thread-safe: confined
 * to the index's thread.
 */
final class MatchCollector<K> {

  private final IdList ids = new IdList();
  private @Nullable Subscriber<K>[] touched = newArray(16);
  private int touchedCount;
  private long round;

  void begin() {
    round++;
    touchedCount = 0;
  }

  /** One matching subscription; the index never hands the same one twice in a round. */
  void hit(IndexedSubscription<K> hit) {
    Subscriber<K> owner = hit.owner;
    if (owner.round != round) {
      owner.round = round;
      owner.hitCount = 0;
      if (touchedCount == touched.length) {
        touched = Arrays.copyOf(touched, touchedCount * 2);
      }
      touched[touchedCount++] = owner;
    }
    owner.addHit(hit);
  }

  /** Calls the sink once per subscriber with a match; returns how many there were. */
  int deliver(MatchSink<? super K> sink) {
    int count = touchedCount;
    for (int i = 0; i < count; i++) {
      Subscriber<K> owner = touched[i];
      touched[i] = null;
      sink.matched(owner.key, idsOf(owner));
      Arrays.fill(owner.hits, 0, owner.hitCount, null);
    }
    touchedCount = 0;
    return count;
  }

  private List<String> idsOf(Subscriber<K> owner) {
    @Nullable IndexedSubscription<K>[] hits = owner.hits;
    int count = owner.hitCount;
    if (count == 1) {
      return hits[0].ids;
    }
    sortByOrder(hits, count);
    ids.show(hits, count);
    return ids;
  }

  // Insertion sort: a subscriber has few subscriptions (at most max-subscriptions-per-session).
  private static void sortByOrder(@Nullable IndexedSubscription<?>[] hits, int count) {
    for (int i = 1; i < count; i++) {
      IndexedSubscription<?> next = hits[i];
      int j = i - 1;
      while (j >= 0 && hits[j].order > next.order) {
        hits[j + 1] = hits[j];
        j--;
      }
      hits[j + 1] = next;
    }
  }

  @SuppressWarnings("unchecked")
  private static <K> @Nullable Subscriber<K>[] newArray(int length) {
    return (Subscriber<K>[]) new Subscriber<?>[length];
  }

  /** The ids of the hits of one subscriber, as a list view without copying. */
  private static final class IdList extends AbstractList<String> implements RandomAccess {

    private @Nullable IndexedSubscription<?>[] hits = new IndexedSubscription<?>[0];
    private int size;

    void show(@Nullable IndexedSubscription<?>[] shown, int count) {
      this.hits = shown;
      this.size = count;
    }

    @Override
    public String get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException(index);
      }
      return hits[index].id;
    }

    @Override
    public int size() {
      return size;
    }
  }
}
