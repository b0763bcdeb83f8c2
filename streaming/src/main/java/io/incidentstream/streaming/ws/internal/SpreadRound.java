package io.incidentstream.streaming.ws.internal;

import java.util.List;

/**
 * Visits every session of one event loop once per period, a slice per tick instead of all at once:
 * each tick earns {@code sessions} credits, and each {@code ticksPerRound} credits buy one visit,
 * so over a round every session is visited once and no tick visits more than {@code ceil(sessions /
 * ticksPerRound)}. Not thread-safe: confined to its event loop.
 */
final class SpreadRound {

  /** What a round does to the session it visits. */
  interface Visit {
    void visit(Housekept session, long nowNanos);
  }

  private final long ticksPerRound;
  private final Visit visit;
  private long credit;
  private int cursor;

  SpreadRound(long ticksPerRound, Visit visit) {
    this.ticksPerRound = Math.max(1, ticksPerRound);
    this.visit = visit;
  }

  /** The most sessions one tick visits when the loop holds {@code sessions}. */
  static int sliceFor(int sessions, long ticksPerRound) {
    long ticks = Math.max(1, ticksPerRound);
    return (int) ((sessions + ticks - 1) / ticks);
  }

  /**
   * Visits this tick's slice. {@code sessions} must not change during the call (removals are
   * deferred to a later task).
   *
   * @return how many sessions were visited
   */
  int tick(List<? extends Housekept> sessions, long nowNanos) {
    int size = sessions.size();
    if (size == 0) {
      credit = 0;
      return 0;
    }
    credit += size;
    int due = (int) Math.min(size, credit / ticksPerRound);
    credit -= due * ticksPerRound;
    for (int i = 0; i < due; i++) {
      if (cursor >= size) {
        cursor = 0;
      }
      visit.visit(sessions.get(cursor++), nowNanos);
    }
    return due;
  }
}
