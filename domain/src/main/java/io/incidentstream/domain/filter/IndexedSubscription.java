package io.incidentstream.domain.filter;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One subscription as the index holds it, and where: every bucket that holds it and its slot in
 * each, so that it leaves them in O(1) each. Buckets find entries by identity, so a replacement
 * with equal filters is still a distinct entry. {@code order} keeps a subscriber's ids in
 * subscription order; a replacement inherits the order of the subscription it replaces. Not
 * thread-safe: confined to the index's thread.
 */
final class IndexedSubscription<K> {

  final Subscriber<K> owner;
  final String id;

  /** {@code [id]}, made once: what the sink gets when this is a subscriber's only match. */
  final List<String> ids;

  final SubscriptionFilters filters;

  /**
   * The filters without the key the index filed this subscription under: every event that looks
   * this subscription up passes that key (it carries the key's value, or does not carry the
   * attribute at all), so only the rest needs testing.
   */
  final EventMatcher residual;

  final long order;

  private @Nullable Bucket<?>[] homes = new Bucket<?>[1];
  private int[] slots = new int[1];
  private int homeCount;

  IndexedSubscription(
      Subscriber<K> owner,
      String id,
      SubscriptionFilters filters,
      EventMatcher residual,
      long order) {
    this.owner = owner;
    this.id = id;
    this.ids = List.of(id);
    this.filters = filters;
    this.residual = residual;
    this.order = order;
  }

  void addHome(Bucket<K> bucket, int slot) {
    if (homeCount == homes.length) {
      homes = Arrays.copyOf(homes, homeCount * 2);
      slots = Arrays.copyOf(slots, homeCount * 2);
    }
    homes[homeCount] = bucket;
    slots[homeCount] = slot;
    homeCount++;
  }

  /** {@code bucket} moved this entry to {@code slot} (an entry sits in a bucket at most once). */
  void movedTo(Bucket<K> bucket, int slot) {
    for (int i = 0; i < homeCount; i++) {
      if (homes[i] == bucket) {
        slots[i] = slot;
        return;
      }
    }
    throw new IllegalStateException("subscription " + id + " is not in the bucket that moved it");
  }

  /** Takes this entry out of every bucket that holds it. */
  @SuppressWarnings("unchecked")
  void leaveAll() {
    for (int i = 0; i < homeCount; i++) {
      ((Bucket<K>) homes[i]).removeAt(slots[i]);
      homes[i] = null;
    }
    homeCount = 0;
  }
}
