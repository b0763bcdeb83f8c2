package io.incidentstream.streaming.ws.internal;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import org.jspecify.annotations.Nullable;

/**
 * A connection's bounded outbound queue: FIFO, limited by frame count and bytes, whichever comes
 * first. When full it sheds the oldest queued event of the lowest priority below the incoming one,
 * or the incoming event when nothing queued ranks lower; control messages and Critical events are
 * never shed, and one that cannot fit reports {@link Offer#OVERFLOW}.
 *
 * <p>Catch-up after a resume fills the queue through {@link #offerIfRoom}, which never sheds and
 * stops at three quarters of either limit, leaving room for control messages; it refills once the
 * writer has drained the queue to half of that ({@link #isBelowLowWatermark}).
 *
 * <p>Thread-safe: many producers, one consumer (the connection's event loop). The lock guards only
 * in-memory bookkeeping and buffer releases, never I/O.
 */
final class OutboundQueue {

  /** The outcome of {@link #offer}. */
  enum Offer {
    ACCEPTED,
    /** The incoming event was shed (it ranked lowest). */
    DROPPED,
    /** A Critical event or control message could not fit even after shedding everything lower. */
    OVERFLOW,
    /** {@link #offerIfRoom} only: the queue is at its catch-up limit; the frame was released. */
    FULL,
    /** The queue is closed or terminating; the frame was released. */
    CLOSED
  }

  /** Told about every queued event the queue sheds or discards. */
  interface DropListener {
    /**
     * @param closing true when discarded because the connection is closing, false when shed
     */
    void dropped(int priorityRank, boolean closing);
  }

  private final int maxMessages;
  private final long maxBytes;
  private final int catchUpMessages;
  private final long catchUpBytes;
  private final DropListener dropListener;
  private final ArrayDeque<Outbound> fifo = new ArrayDeque<>();
  private final int[] countByRank = new int[Outbound.CLOSE + 1];
  private int count;
  private long bytes;
  private boolean terminating;
  private boolean closed;

  OutboundQueue(int maxMessages, long maxBytes, DropListener dropListener) {
    this.maxMessages = Math.max(1, maxMessages);
    this.maxBytes = Math.max(1, maxBytes);
    this.catchUpMessages = Math.max(1, this.maxMessages - this.maxMessages / 4);
    this.catchUpBytes = Math.max(1, this.maxBytes - this.maxBytes / 4);
    this.dropListener = dropListener;
  }

  synchronized Offer offer(Outbound item) {
    if (terminating || closed) {
      item.release();
      return Offer.CLOSED;
    }
    shedBelow(item);
    if (fits(item)) {
      append(item);
      return Offer.ACCEPTED;
    }
    item.release();
    return item.rank < Outbound.CONTROL - 1 ? Offer.DROPPED : Offer.OVERFLOW;
  }

  /** Queues the item only if it fits under the catch-up limit; never sheds. */
  synchronized Offer offerIfRoom(Outbound item) {
    if (terminating || closed) {
      item.release();
      return Offer.CLOSED;
    }
    if (count == 0 || (count < catchUpMessages && bytes + item.bytes <= catchUpBytes)) {
      append(item);
      return Offer.ACCEPTED;
    }
    item.release();
    return Offer.FULL;
  }

  /** Whether catch-up may refill: at most half of its limit is queued. */
  synchronized boolean isBelowLowWatermark() {
    return count <= catchUpMessages / 2 && bytes <= catchUpBytes / 2;
  }

  /**
   * Ends the queue: optionally discards the pending events (control messages such as the error that
   * explains the close stay), then appends the final control frame and the close. Later offers are
   * refused.
   */
  synchronized boolean terminate(boolean discardPending, Outbound closing, Outbound close) {
    if (terminating || closed) {
      closing.release();
      return false;
    }
    if (discardPending) {
      discardEvents();
    }
    append(closing);
    append(close);
    terminating = true;
    return true;
  }

  /** The next frame to write, or null. */
  synchronized @Nullable Outbound poll() {
    Outbound item;
    while ((item = fifo.pollFirst()) != null) {
      if (!item.dropped) {
        remove(item);
        return item;
      }
    }
    return null;
  }

  synchronized boolean isTerminating() {
    return terminating;
  }

  /** Releases everything; the queue accepts nothing more. */
  synchronized void close() {
    closed = true;
    discardAll();
  }

  synchronized int size() {
    return count;
  }

  synchronized double saturation() {
    return Math.min(1.0, Math.max((double) count / maxMessages, (double) bytes / maxBytes));
  }

  private boolean fits(Outbound item) {
    return count == 0 || (count + 1 <= maxMessages && bytes + item.bytes <= maxBytes);
  }

  private void shedBelow(Outbound item) {
    while (!fits(item)) {
      int lowest = lowestQueuedRank();
      if (lowest < 0 || lowest >= item.rank || lowest >= Outbound.CONTROL - 1) {
        return;
      }
      shedOldest(lowest);
    }
  }

  private int lowestQueuedRank() {
    for (int rank = 0; rank < Outbound.CONTROL; rank++) {
      if (countByRank[rank] > 0) {
        return rank;
      }
    }
    return -1;
  }

  private void shedOldest(int rank) {
    for (Outbound queued : fifo) {
      if (!queued.dropped && queued.rank == rank) {
        queued.dropped = true;
        remove(queued);
        queued.release();
        dropListener.dropped(rank, false);
        compactIfSparse();
        return;
      }
    }
  }

  private void compactIfSparse() {
    if (fifo.size() <= 2 * count + 16) {
      return;
    }
    Iterator<Outbound> it = fifo.iterator();
    while (it.hasNext()) {
      if (it.next().dropped) {
        it.remove();
      }
    }
  }

  private void append(Outbound item) {
    fifo.addLast(item);
    countByRank[item.rank]++;
    count++;
    bytes += item.bytes;
  }

  private void remove(Outbound item) {
    countByRank[item.rank]--;
    count--;
    bytes -= item.bytes;
  }

  private void discardEvents() {
    Iterator<Outbound> it = fifo.iterator();
    while (it.hasNext()) {
      Outbound item = it.next();
      if (item.dropped || item.isEvent()) {
        it.remove();
        if (!item.dropped) {
          remove(item);
          item.release();
          dropListener.dropped(item.rank, true);
        }
      }
    }
  }

  private void discardAll() {
    Outbound item;
    while ((item = fifo.pollFirst()) != null) {
      if (!item.dropped) {
        item.release();
        if (item.isEvent()) {
          dropListener.dropped(item.rank, true);
        }
      }
    }
    Arrays.fill(countByRank, 0);
    count = 0;
    bytes = 0;
  }
}
