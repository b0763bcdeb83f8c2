package io.incidentstream.streaming.ws.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
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

  /** Why the queue let go of an event it had accepted. */
  enum Drop {
    /** Shed from the full queue to make room for a more urgent one. */
    SHED,
    /** Discarded because the connection is closing as a slow consumer. */
    SLOW_CONSUMER,
    /** Discarded because the connection is closing or closed for any other reason. */
    CLOSED
  }

  /** Told about every queued event the queue sheds or discards. */
  interface DropListener {
    void dropped(int priorityRank, Drop why);
  }

  /**
   * The bounds of a queue, shared by every connection of one configuration: catch-up (see {@link
   * #offerIfRoom}) stops at three quarters of either limit.
   */
  record Limits(int maxMessages, long maxBytes, int catchUpMessages, long catchUpBytes) {

    static Limits of(int maxMessages, long maxBytes) {
      int messages = Math.max(1, maxMessages);
      long bytes = Math.max(1, maxBytes);
      return new Limits(
          messages, bytes, Math.max(1, messages - messages / 4), Math.max(1, bytes - bytes / 4));
    }
  }

  private static final VarHandle COUNT;
  private static final VarHandle BYTES;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      COUNT = lookup.findVarHandle(OutboundQueue.class, "count", int.class);
      BYTES = lookup.findVarHandle(OutboundQueue.class, "bytes", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Limits limits;
  private final DropListener dropListener;
  private final int[] countByRank = new int[Outbound.CLOSE + 1];

  /** FIFO linked through {@link Outbound#next}: an empty queue holds no array. */
  private @Nullable Outbound head;

  private @Nullable Outbound tail;
  private int count;
  private long bytes;
  private boolean terminating;
  private boolean closed;
  private Drop discardAs = Drop.CLOSED;
  private int dropped;

  OutboundQueue(Limits limits, DropListener dropListener) {
    this.limits = limits;
    this.dropListener = dropListener;
  }

  synchronized Offer offer(Outbound item) {
    if (terminating || closed) {
      refuse(item);
      return Offer.CLOSED;
    }
    shedBelow(item);
    if (fits(item)) {
      append(item);
      return Offer.ACCEPTED;
    }
    refuse(item);
    return item.rank() < Outbound.CONTROL - 1 ? Offer.DROPPED : Offer.OVERFLOW;
  }

  /** Queues the item only if it fits under the catch-up limit; never sheds. */
  synchronized Offer offerIfRoom(Outbound item) {
    if (terminating || closed) {
      item.release();
      return Offer.CLOSED;
    }
    if (count == 0
        || (count < limits.catchUpMessages() && bytes + item.bytes() <= limits.catchUpBytes())) {
      append(item);
      return Offer.ACCEPTED;
    }
    item.release();
    return Offer.FULL;
  }

  /** Whether catch-up may refill: at most half of its limit is queued. */
  synchronized boolean isBelowLowWatermark() {
    return count <= limits.catchUpMessages() / 2 && bytes <= limits.catchUpBytes() / 2;
  }

  /**
   * Ends the queue: optionally discards the pending events (control messages such as the error that
   * explains the close stay), then appends the final control frame (the protocol's farewell, if it
   * has one) and the close. Later offers are refused. With {@code slowConsumer}, this and any later
   * discard counts as {@link Drop#SLOW_CONSUMER}.
   */
  synchronized boolean terminate(
      boolean discardPending, boolean slowConsumer, @Nullable Outbound closing, Outbound close) {
    if (terminating || closed) {
      if (closing != null) {
        closing.release();
      }
      return false;
    }
    if (slowConsumer) {
      discardAs = Drop.SLOW_CONSUMER;
    }
    if (discardPending) {
      discardEvents();
    }
    if (closing != null) {
      append(closing);
    }
    append(close);
    terminating = true;
    return true;
  }

  /** The next frame to write, or null. */
  synchronized @Nullable Outbound poll() {
    Outbound item = head;
    if (item != null) {
      unlink(null, item);
    }
    return item;
  }

  /**
   * Takes frames from the head, in order, until they hold {@code maxBytes} (at least one frame, and
   * never past the close): a whole drain for one lock acquisition.
   *
   * @return the first frame taken, linked to the others through {@link Outbound#next}; or null
   */
  synchronized @Nullable Outbound pollUpTo(long maxBytes) {
    Outbound first = head;
    if (first == null) {
      return null;
    }
    Outbound last = first;
    long taken = 0;
    for (Outbound item = first; item != null; item = item.next) {
      last = item;
      countByRank[item.rank()]--;
      count--;
      bytes -= item.bytes();
      taken += item.bytes();
      if (taken >= maxBytes || item.isClose()) {
        break;
      }
    }
    head = last.next;
    if (head == null) {
      tail = null;
    }
    last.next = null;
    return first;
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

  /**
   * Frames queued, read without the lock (an opaque read of a field written under it): for reads
   * over every session that must not contend with producers.
   */
  int sizeOpaque() {
    return (int) COUNT.getOpaque(this);
  }

  /** Bytes queued, read like {@link #sizeOpaque}. */
  long bytesOpaque() {
    return (long) BYTES.getOpaque(this);
  }

  /** Events refused, shed or discarded by this queue (a racy read; wraps after 2^32). */
  long dropped() {
    return Integer.toUnsignedLong(dropped);
  }

  /**
   * How full the queue is, 0..1, by count or bytes, whichever is fuller. Reads without the lock
   * (opaque reads of fields written under it), so that a metrics scrape over every session never
   * contends with producers; the two reads may be from slightly different moments.
   */
  double saturation() {
    int queued = (int) COUNT.getOpaque(this);
    long queuedBytes = (long) BYTES.getOpaque(this);
    return Math.min(
        1.0,
        Math.max((double) queued / limits.maxMessages(), (double) queuedBytes / limits.maxBytes()));
  }

  private boolean fits(Outbound item) {
    return count == 0
        || (count + 1 <= limits.maxMessages() && bytes + item.bytes() <= limits.maxBytes());
  }

  private void shedBelow(Outbound item) {
    while (!fits(item)) {
      int lowest = lowestQueuedRank();
      if (lowest < 0 || lowest >= item.rank() || lowest >= Outbound.CONTROL - 1) {
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
    Outbound previous = null;
    for (Outbound queued = head; queued != null; queued = queued.next) {
      if (queued.rank() == rank) {
        unlink(previous, queued);
        queued.release();
        dropped(rank, Drop.SHED);
        return;
      }
      previous = queued;
    }
  }

  private void append(Outbound item) {
    if (tail == null) {
      head = item;
    } else {
      tail.next = item;
    }
    tail = item;
    countByRank[item.rank()]++;
    count++;
    bytes += item.bytes();
  }

  /** Takes {@code item}, which follows {@code previous} (null: it is the head), out of the FIFO. */
  private void unlink(@Nullable Outbound previous, Outbound item) {
    if (previous == null) {
      head = item.next;
    } else {
      previous.next = item.next;
    }
    if (tail == item) {
      tail = previous;
    }
    item.next = null;
    countByRank[item.rank()]--;
    count--;
    bytes -= item.bytes();
  }

  private void discardEvents() {
    Outbound previous = null;
    Outbound queued = head;
    while (queued != null) {
      Outbound following = queued.next;
      if (queued.isEvent()) {
        unlink(previous, queued);
        queued.release();
        dropped(queued.rank(), discardAs);
      } else {
        previous = queued;
      }
      queued = following;
    }
  }

  private void discardAll() {
    Outbound item;
    while ((item = poll()) != null) {
      item.release();
      if (item.isEvent()) {
        dropped(item.rank(), discardAs);
      }
    }
  }

  /** An incoming frame the queue does not take: released; an event counts as dropped. */
  private void refuse(Outbound item) {
    item.release();
    if (item.isEvent()) {
      dropped++;
    }
  }

  private void dropped(int rank, Drop why) {
    dropped++;
    dropListener.dropped(rank, why);
  }
}
