package io.incidentstream.streaming.fanout.internal;

/**
 * Where the live stream stands for fan-out: the highest seq dispatched (older or repeated seqs from
 * the bus are ignored) and the live position, where a new subscription starts and where a resuming
 * connection rejoins live fan-out. Not thread-safe: confined to the dispatch thread.
 */
final class StreamPosition {

  private long live;
  private long highestDispatched = -1;

  StreamPosition(long live) {
    this.live = live;
  }

  /** Moves to {@code seq}; false when it was already dispatched (the event must be skipped). */
  boolean advanceTo(long seq) {
    if (seq <= highestDispatched) {
      return false;
    }
    highestDispatched = seq;
    live = Math.max(live, seq);
    return true;
  }

  long live() {
    return live;
  }

  /** The stream starts again after {@code afterSeq} (a new numbering). */
  void restartAfter(long afterSeq) {
    highestDispatched = afterSeq;
    live = afterSeq;
  }
}
