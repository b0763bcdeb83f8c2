package io.incidentstream.client.internal;

import org.jspecify.annotations.Nullable;

/**
 * Where the client is in the stream: the highest {@code seq} it handed to any listener and the
 * epoch that seq belongs to; what a resume asks for ({@code since}, {@code epoch}). Each
 * subscription also keeps its own last seq, to hand on each event once and in order. Not
 * thread-safe: confined to the client's loop thread.
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

  /** The {@code since} of a resume: the highest seq handed on, or null when none is known. */
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
   * A connection's {@code welcome} named the stream's epoch. Call after the resume has been
   * computed from {@link #since()} and {@link #epoch()}.
   *
   * @return true when that is another epoch than ours: the stream's numbering restarted, so the
   *     seqs known so far name other events now and are forgotten
   */
  public boolean welcome(String streamEpoch) {
    boolean restarted = epoch != null && !epoch.equals(streamEpoch);
    if (restarted) {
      seq = NONE;
    }
    epoch = streamEpoch;
    return restarted;
  }

  /** An event with this seq was handed on. */
  public void record(long eventSeq) {
    if (eventSeq > seq) {
      seq = eventSeq;
    }
  }
}
