package io.incidentstream.client.internal;

import org.jspecify.annotations.Nullable;

/**
 * Where the client is in the stream: the last {@code seq} it handed to its listeners and the epoch
 * that seq belongs to. Decides which events pass (each once, in order) and what a resume asks for.
 * Not thread-safe: confined to the client's loop thread.
 */
public final class Position {

  /** No seq known yet. */
  public static final long NONE = -1;

  private @Nullable String epoch;
  private long seq;

  /**
   * @param seq where to start ({@link #NONE}: live, from the first connection on)
   * @param epoch the epoch {@code seq} belongs to; null: the stream's epoch at the first connection
   */
  public Position(long seq, @Nullable String epoch) {
    if (seq < NONE) {
      throw new IllegalArgumentException("seq must be >= 0, was " + seq);
    }
    this.seq = seq;
    this.epoch = epoch;
  }

  /** The {@code since} of a resume: the last seq handed on, or null when none is known. */
  public @Nullable Long since() {
    return seq == NONE ? null : seq;
  }

  /** The epoch to send beside {@link #since()}. */
  public @Nullable String epoch() {
    return epoch;
  }

  public long seq() {
    return seq;
  }

  /**
   * A connection's {@code welcome} named the stream's epoch. A different epoch than ours means the
   * stream's numbering restarted: from now on seqs of the new epoch pass, whatever their value.
   * Call after the resume has been computed from {@link #since()} and {@link #epoch()}.
   */
  public void welcome(String streamEpoch) {
    if (epoch != null && !epoch.equals(streamEpoch)) {
      seq = NONE;
    }
    epoch = streamEpoch;
  }

  /** Whether an event with this seq is new (above the last handed on). */
  public boolean isNew(long eventSeq) {
    return eventSeq > seq;
  }

  /** The event with this seq was handed on. */
  public void advance(long eventSeq) {
    if (!isNew(eventSeq)) {
      throw new IllegalArgumentException("seq " + eventSeq + " is not after " + seq);
    }
    seq = eventSeq;
  }
}
