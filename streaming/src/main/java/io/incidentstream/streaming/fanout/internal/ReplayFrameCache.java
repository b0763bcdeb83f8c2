package io.incidentstream.streaming.fanout.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Encoded frame prefixes of recently replayed events, so that many clients resuming over the same
 * range (a reconnect storm after a deploy) encode each event once. Bounded by entries and by bytes,
 * least recently used out first, so large events cannot pin unbounded direct memory. Holds one
 * reference to each cached buffer and releases it on eviction. Not thread-safe: confined to the
 * dispatch thread.
 */
final class ReplayFrameCache {

  private final int maxEntries;
  private final long maxBytes;
  private final LinkedHashMap<UUID, PooledEventFrame> byId = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  ReplayFrameCache(int maxEntries, long maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /**
   * The cached prefix of an event (owned by the cache: retain what you keep), encoding it once.
   * Keyed by message id, not seq, so a stream whose seq restarts (new epoch) never gets a stale
   * frame. The newest entry always stays, even when it alone exceeds the byte bound.
   */
  PooledEventFrame get(UUID messageId, Supplier<PooledEventFrame> encoder) {
    PooledEventFrame cached = byId.get(messageId);
    if (cached == null) {
      cached = encoder.get();
      byId.put(messageId, cached);
      bytes += cached.length();
      evictBeyondBounds();
    }
    return cached;
  }

  private void evictBeyondBounds() {
    Iterator<PooledEventFrame> eldestFirst = byId.values().iterator();
    while (byId.size() > 1 && (byId.size() > maxEntries || bytes > maxBytes)) {
      PooledEventFrame evicted = eldestFirst.next();
      eldestFirst.remove();
      bytes -= evicted.length();
      evicted.release();
    }
  }

  void clear() {
    byId.values().forEach(PooledEventFrame::release);
    byId.clear();
    bytes = 0;
  }
}
