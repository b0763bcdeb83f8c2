package io.incidentstream.streaming.cluster.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The producer message ids the embedded bus sequenced within {@code history-retention}, per tenant,
 * with their seqs: a repeat within that time is answered with the original seq instead of being
 * sequenced again. It expires with the history: an id is forgotten once older than the retention,
 * and at most {@code capacity} ids are kept (the history's own hard cap), the oldest forgotten
 * first. Not thread-safe: confined to the sequencer thread.
 */
final class RecentMessageIds {

  private record Key(String tenant, UUID messageId) {}

  private record Seen(long seq, Instant at) {}

  // Insertion order is sequencing order, so the eldest entry is always the first to expire.
  private final LinkedHashMap<Key, Seen> ids = new LinkedHashMap<>();
  private final Duration retention;
  private final int capacity;

  RecentMessageIds(Duration retention, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
    }
    this.retention = Objects.requireNonNull(retention, "retention");
    this.capacity = capacity;
  }

  /** The seq {@code messageId} of {@code tenant} was sequenced as, or null if it is new. */
  @Nullable Long seqOf(String tenant, UUID messageId, Instant now) {
    expire(now);
    Seen seen = ids.get(new Key(tenant, messageId));
    return seen == null ? null : seen.seq();
  }

  /**
   * Remembers that {@code messageId} of {@code tenant} was sequenced as {@code seq} at {@code at}.
   */
  void remember(String tenant, UUID messageId, long seq, Instant at) {
    ids.put(new Key(tenant, messageId), new Seen(seq, at));
    while (ids.size() > capacity) {
      Iterator<Map.Entry<Key, Seen>> eldest = ids.entrySet().iterator();
      eldest.next();
      eldest.remove();
    }
  }

  int size() {
    return ids.size();
  }

  private void expire(Instant now) {
    Instant forgetUpTo = now.minus(retention);
    Iterator<Map.Entry<Key, Seen>> eldest = ids.entrySet().iterator();
    while (eldest.hasNext() && !eldest.next().getValue().at().isAfter(forgetUpTo)) {
      eldest.remove();
    }
  }
}
