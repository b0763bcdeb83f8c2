package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.protocol.ProtocolCodec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The encoded {@code subscription_ids} end of event frames, one per distinct id list: most
 * connections of a deployment use the same few ids, so a delivery usually encodes and allocates
 * nothing for its suffix. Bounded: once {@code maxEntries} lists are cached it starts over (frames
 * already handed out hold their own references). Not thread-safe: confined to the dispatch thread.
 */
final class SuffixCache {

  private final ProtocolCodec codec = new ProtocolCodec();
  private final Map<String, PooledEventFrame> byId = new HashMap<>();
  private final Map<List<String>, PooledEventFrame> byIds = new HashMap<>();
  private final int maxEntries;

  SuffixCache(int maxEntries) {
    this.maxEntries = maxEntries;
  }

  /**
   * The suffix for {@code ids} (owned by the cache: retain what you keep past the current task).
   * {@code ids} may be a reused list: the cache keys on a copy.
   */
  PooledEventFrame get(List<String> ids) {
    if (ids.size() == 1) {
      return single(ids);
    }
    PooledEventFrame suffix = byIds.get(ids);
    if (suffix == null) {
      suffix = encode(ids);
      byIds.put(new ArrayList<>(ids), suffix);
    }
    return suffix;
  }

  /** The common case, keyed by the id itself: a lookup that allocates nothing. */
  private PooledEventFrame single(List<String> ids) {
    String id = ids.get(0);
    PooledEventFrame suffix = byId.get(id);
    if (suffix == null) {
      suffix = encode(ids);
      byId.put(id, suffix);
    }
    return suffix;
  }

  private PooledEventFrame encode(List<String> ids) {
    if (size() >= maxEntries) {
      clear();
    }
    return PooledEventFrame.copyOf(codec.encodeEventFrameSuffix(ids));
  }

  int size() {
    return byId.size() + byIds.size();
  }

  void clear() {
    byId.values().forEach(PooledEventFrame::release);
    byId.clear();
    byIds.values().forEach(PooledEventFrame::release);
    byIds.clear();
  }
}
