package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.domain.protocol.BusEnvelope;
import io.incidentstream.streaming.cluster.internal.ClusterMetrics.Drop;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns what arrives from Redis (live envelopes, heartbeats carrying the stream's counter, and
 * history entries fetched on request) into one gap-free, duplicate-free sequence of deliveries in
 * seq order. A seq at or below the last delivered one is a duplicate and dropped; a seq further
 * ahead opens a gap, which is fetched from the shared history (asynchronously, through {@link
 * Output#fetch}) while later envelopes wait in a bounded buffer. Seqs the history no longer holds
 * are counted as missing and skipped, so delivery never stalls.
 *
 * <p>Epochs: each envelope and heartbeat names the stream's epoch {@code <random>:<base>}. A new
 * epoch means Redis lost its counter (or it went back below what an instance delivered) and it was
 * re-seeded at {@code base}. If {@code base} is at or above the last delivered seq, delivery simply
 * goes on (clients see seqs keep increasing). If it is below, the new seqs would collide with
 * delivered ones: the output {@linkplain Output#restart restarts} the stream (history cleared,
 * connections closed so they resume) and delivery continues from {@code base}.
 *
 * <p>Not thread-safe: confined to the bus's receiver thread, except {@link #lastDelivered()}.
 */
final class OrderedDelivery {

  /** What the delivery drives; called on the receiver thread. */
  interface Output {
    /**
     * Appends to the local history and hands to the broadcaster, with the event's JSON as it came
     * over the bus.
     */
    void deliver(BusEnvelope envelope);

    /**
     * Reads at most {@code limit} history entries with {@code afterSeq < seq <= upToSeq}, oldest
     * first, and reports back through {@link #onFetched} or {@link #onFetchFailed} with {@code
     * generation}.
     */
    void fetch(long generation, long afterSeq, long upToSeq, int limit);

    /**
     * The stream is now under {@code epoch} (a new one, or the first seen): clients are told so,
     * before any of its events is delivered.
     */
    void epochChanged(String epoch);

    /** Clears the local history and restarts fan-out after {@code afterSeq}. */
    void restart(long afterSeq);
  }

  /** One fetched history entry; {@code envelope} is null when its data did not decode. */
  record Entry(long seq, @Nullable BusEnvelope envelope) {}

  private static final Logger LOG = LoggerFactory.getLogger(OrderedDelivery.class);

  private final Output output;
  private final ClusterMetrics metrics;
  private final int pendingLimit;
  private final int fetchLimit;
  private final TreeMap<Long, BusEnvelope> pending = new TreeMap<>();

  private volatile long last;
  private @Nullable String epoch;
  private long known;
  private boolean fetching;
  private long generation;
  private boolean counterLossReported;

  /**
   * @param pendingLimit envelopes buffered behind a gap; later ones are fetched again instead
   * @param fetchLimit history entries read per fetch
   */
  OrderedDelivery(Output output, ClusterMetrics metrics, int pendingLimit, int fetchLimit) {
    this.output = output;
    this.metrics = metrics;
    this.pendingLimit = pendingLimit;
    this.fetchLimit = fetchLimit;
  }

  /** Where delivery starts: after the start-up preload. */
  void start(@Nullable String startEpoch, long lastSeq) {
    epoch = startEpoch;
    last = lastSeq;
    known = lastSeq;
  }

  /** The last seq delivered; readable from any thread. */
  long lastDelivered() {
    return last;
  }

  @Nullable String epoch() {
    return epoch;
  }

  void onEnvelope(BusEnvelope envelope) {
    follow(envelope.epoch());
    long seq = envelope.seq();
    if (seq <= last) {
      metrics.dropped(Drop.DUPLICATE, 1);
      return;
    }
    known = Math.max(known, seq);
    if (seq == last + 1) {
      deliver(envelope);
      drainPending();
    } else if (pending.size() < pendingLimit) {
      pending.put(seq, envelope);
    }
    fetchIfBehind();
  }

  /**
   * The stream's counter and epoch as a heartbeat saw them: every seq up to {@code counter} exists,
   * and was published before this heartbeat, so any not delivered yet is fetched.
   */
  void onCounter(long counter, String counterEpoch) {
    if (counterEpoch.isEmpty()) {
      reportCounterLoss();
      return;
    }
    follow(counterEpoch);
    known = Math.max(known, counter);
    fetchIfBehind();
  }

  void onFetched(long fetchGeneration, long upToSeq, List<Entry> entries) {
    if (fetchGeneration != generation) {
      return;
    }
    fetching = false;
    for (Entry entry : entries) {
      backfill(entry);
    }
    if (entries.size() < fetchLimit && last < upToSeq) {
      missing(upToSeq);
    }
    drainPending();
    fetchIfBehind();
  }

  void onFetchFailed(long fetchGeneration) {
    if (fetchGeneration == generation) {
      fetching = false;
    }
  }

  /** Retries a fetch that failed (called on every control tick). */
  void retry() {
    fetchIfBehind();
  }

  private void backfill(Entry entry) {
    long seq = entry.seq();
    if (seq <= last) {
      return;
    }
    if (seq > last + 1) {
      missing(seq - 1);
    }
    BusEnvelope envelope = entry.envelope();
    if (envelope == null) {
      metrics.dropped(Drop.INVALID, 1);
      LOG.warn("History entry {} does not decode: skipped", seq);
      last = seq;
      return;
    }
    metrics.backfilled();
    deliver(envelope);
  }

  /** Seqs up to {@code upTo} are not in the history: count them and move past them. */
  private void missing(long upTo) {
    long from = last + 1;
    metrics.dropped(Drop.MISSING, upTo - from + 1);
    LOG.warn(
        "seq {} not in the shared history (trimmed, or lost with Redis' data): clients of this"
            + " instance miss {}",
        from == upTo ? Long.toString(from) : from + ".." + upTo,
        from == upTo ? "it" : "them");
    last = upTo;
  }

  private void deliver(BusEnvelope envelope) {
    last = envelope.seq();
    output.deliver(envelope);
  }

  private void drainPending() {
    while (!pending.isEmpty()) {
      Map.Entry<Long, BusEnvelope> first = pending.firstEntry();
      long seq = first.getKey();
      if (seq > last + 1) {
        return;
      }
      pending.pollFirstEntry();
      if (seq == last + 1) {
        deliver(first.getValue());
      }
    }
  }

  private void fetchIfBehind() {
    if (fetching || known <= last) {
      return;
    }
    long upTo = pending.isEmpty() ? known : Math.min(known, pending.firstKey() - 1);
    fetching = true;
    output.fetch(++generation, last, upTo, fetchLimit);
  }

  /** Adopts {@code seen} as the stream's epoch, restarting when it re-seeded below delivery. */
  private void follow(String seen) {
    if (seen.equals(epoch)) {
      return;
    }
    String previous = epoch;
    long base = Epochs.base(seen);
    epoch = seen;
    output.epochChanged(seen);
    counterLossReported = false;
    generation++;
    fetching = false;
    pending.clear();
    known = last;
    if (previous == null && base >= last) {
      LOG.info("Stream epoch is {}", seen);
      return;
    }
    metrics.epochChanged();
    if (base >= last) {
      LOG.error(
          "Stream epoch changed from {} to {}: Redis lost its sequence counter or went back to"
              + " older data (restarted without persistence or from an older snapshot, flushed,"
              + " failed over to a replica without the last writes?) and the stream goes on after"
              + " seq {}; events Redis had not delivered before the loss are gone",
          previous,
          seen,
          base);
      return;
    }
    LOG.error(
        "Stream epoch changed from {} to {} and its seqs restart after {}, below the {} this"
            + " instance delivered: Redis lost its data and an instance that knew less re-seeded"
            + " it. Clearing the local history and closing every connection so clients resume"
            + " (they get recovered:false)",
        previous,
        seen,
        base,
        last);
    long restartAt = Math.max(0, base);
    output.restart(restartAt);
    last = restartAt;
    known = restartAt;
  }

  private void reportCounterLoss() {
    if (epoch == null || counterLossReported) {
      return;
    }
    counterLossReported = true;
    LOG.error(
        "Redis has no stream counter or epoch any more (restarted without persistence, or"
            + " flushed?): the next publish starts a new epoch after seq {}",
        last);
  }
}
