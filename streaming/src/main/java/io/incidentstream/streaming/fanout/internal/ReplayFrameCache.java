package io.incidentstream.streaming.fanout.internal;

import io.netty.buffer.ByteBuf;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Encoded frame prefixes of recently replayed events, so that many clients resuming over the same
 * range (a reconnect storm after a deploy) encode each event once. Holds one reference to each
 * cached buffer and releases it on eviction. Not thread-safe: confined to the dispatch thread.
 */
final class ReplayFrameCache {

  private final LinkedHashMap<UUID, ByteBuf> byId;

  ReplayFrameCache(int capacity) {
    this.byId =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<UUID, ByteBuf> eldest) {
            if (size() <= capacity) {
              return false;
            }
            eldest.getValue().release();
            return true;
          }
        };
  }

  /**
   * The cached prefix of an event (owned by the cache: retain what you keep), encoding it once.
   * Keyed by message id, not seq, so a stream whose seq restarts (new epoch) never gets a stale
   * frame.
   */
  ByteBuf get(UUID messageId, Supplier<ByteBuf> encoder) {
    ByteBuf cached = byId.get(messageId);
    if (cached == null) {
      cached = encoder.get();
      byId.put(messageId, cached);
    }
    return cached;
  }

  void clear() {
    byId.values().forEach(ByteBuf::release);
    byId.clear();
  }
}
