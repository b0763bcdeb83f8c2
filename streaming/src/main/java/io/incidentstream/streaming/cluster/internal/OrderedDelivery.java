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
 * epoch means Redis lost its counter (or, after a failover, its newest writes: see {@link
 * StreamFence}) and re-seeded it at {@code base}. If {@code base} is the last delivered seq,
 * delivery simply goes on (clients see seqs keep increasing, and miss nothing). Otherwise the
 * output {@linkplain Output#restart restarts} the stream (history cleared, connections closed so
 * they resume and are told {@code recovered:false}) and delivery continues from {@code base}:
 * below, the new seqs would collide with delivered ones; above, the seqs in between were sequenced
 * under the old epoch and this instance never delivered them.
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

    /**
     * A heartbeat of the epoch delivered in showed the stream's counter below the last delivered
     * seq: Redis lost writes it had published (a failover to a lagging replica); the bus checks the
     * stream ({@link StreamFence}). Told once per epoch.
     */
    void regressed();

    /**
     * A seq already delivered arrived again under the same epoch (dropped): usually a back-fill
     * overlapping the live stream; the output compares it with the event it delivered under that
     * seq, since a different one means Redis reused the seq.
     */
    void redelivered(BusEnvelope envelope);
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
  private volatile @Nullable String epoch;
  private long known;
  private boolean fetching;
  private long generation;
  private boolean counterLossReported;
  private boolean regressionReported;

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

  /**
   * The epoch of {@link #lastDelivered()}; readable from any thread. Read it first: when a restart
   * lowers the last seq, the seq is written before the new epoch.
   */
  @Nullable String epoch() {
    return epoch;
  }

  void onEnvelope(BusEnvelope envelope) {
    follow(envelope.epoch());
    long seq = envelope.seq();
    if (seq <= last) {
      metrics.dropped(Drop.DUPLICATE, 1);
      output.redelivered(envelope);
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
    if (counter < last) {
      reportRegression(counter);
      return;
    }
    known = Math.max(known, counter);
    fetchIfBehind();
  }

  /**
   * This instance's {@link StreamFence} found Redis no longer holding what it delivered and started
   * {@code newEpoch}: its connections may have missed events Redis sequenced meanwhile (dropped
   * here as duplicates of reused seqs), so they are restarted and resume with {@code
   * recovered:false}.
   */
  void fenced(String newEpoch) {
    if (!follow(newEpoch)) {
      LOG.error(
          "Restarting the stream after seq {}: connections resume and are told recovered:false",
          last);
      output.restart(last);
    }
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

  /**
   * Adopts {@code seen} as the stream's epoch, restarting when its numbering does not continue
   * exactly after what was delivered; true when it restarted.
   */
  private boolean follow(String seen) {
    if (seen.equals(epoch)) {
      return false;
    }
    String previous = epoch;
    long base = Epochs.base(seen);
    boolean restart = previous == null ? base < last : base != last;
    long delivered = last;
    if (restart) {
      // Before the epoch: a reader of epoch() then lastDelivered() never pairs the new epoch with
      // the old, higher seq.
      last = Math.max(0, base);
    }
    epoch = seen;
    output.epochChanged(seen);
    counterLossReported = false;
    regressionReported = false;
    generation++;
    fetching = false;
    pending.clear();
    known = last;
    if (previous == null && !restart) {
      LOG.info("Stream epoch is {}", seen);
      return false;
    }
    metrics.epochChanged();
    if (!restart) {
      LOG.error(
          "Stream epoch changed from {} to {}: Redis lost its sequence counter or its newest writes"
              + " (restarted without persistence, flushed, or failed over to a lagging replica?)"
              + " and the stream goes on after seq {}; events Redis had not delivered before the"
              + " loss are gone",
          previous,
          seen,
          base);
      return false;
    }
    LOG.error(
        "Stream epoch changed from {} to {} and its seqs go on after {}, not after the {} this"
            + " instance delivered: Redis lost data (restarted without persistence, flushed, or"
            + " failed over to a lagging replica). Clearing the local history and closing every"
            + " connection so clients resume (they get recovered:false)",
        previous,
        seen,
        base,
        delivered);
    output.restart(last);
    return true;
  }

  private void reportRegression(long counter) {
    if (regressionReported) {
      return;
    }
    regressionReported = true;
    LOG.error(
        "The stream's counter is {} under epoch {}, below the seq {} this instance delivered: Redis"
            + " lost writes it had published (a failover to a replica that lagged?); checking the"
            + " stream",
        counter,
        epoch,
        last);
    output.regressed();
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
