package io.incidentstream.perf.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What the connections received, counted on the client's event loops without locks: deliveries of
 * events inside the measurement window (seq in {@code [from, to)}), their latency in microseconds
 * (HdrHistogram {@link Recorder}, wait-free for writers), and deliveries to the wrong team. The
 * publisher moves the window on its own thread. Thread-safe.
 */
final class Deliveries {

  private final long originNanos;
  private final Recorder latencyMicros = new Recorder(3);
  private final LongAdder received = new LongAdder();
  private final LongAdder seen = new LongAdder();
  private final LongAdder misrouted = new LongAdder();
  private final LongAdder unstamped = new LongAdder();
  private volatile long from = Long.MAX_VALUE;
  private volatile long to = Long.MAX_VALUE;

  /**
   * @param originNanos the {@code System.nanoTime()} that stamps count from
   */
  Deliveries(long originNanos) {
    this.originNanos = originNanos;
  }

  /** Nanoseconds since the run's origin: what stamps carry. */
  long now() {
    return System.nanoTime() - originNanos;
  }

  /** One event frame reached a connection of {@code group}; {@code stamp} has read it. */
  void onEvent(boolean stamped, Stamp stamp, int group) {
    long at = now();
    if (!stamped) {
      unstamped.increment();
      return;
    }
    seen.increment();
    if (stamp.group() != group) {
      misrouted.increment();
    }
    long seq = stamp.seq();
    if (seq < from || seq >= to) {
      return;
    }
    received.increment();
    latencyMicros.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(at - stamp.sentNanos())));
  }

  /** Starts counting at event {@code seq}, clearing the previous window's figures. */
  void open(long seq) {
    to = Long.MAX_VALUE;
    from = seq;
    received.reset();
    latencyMicros.reset();
  }

  /** Events from {@code seq} on are no longer counted. */
  void close(long seq) {
    to = seq;
  }

  long received() {
    return received.sum();
  }

  /** Every stamped event frame received, in a window or not: shows the server is still sending. */
  long seen() {
    return seen.sum();
  }

  long misrouted() {
    return misrouted.sum();
  }

  long unstamped() {
    return unstamped.sum();
  }

  /** The window's latencies so far (microseconds). */
  Histogram latency() {
    return latencyMicros.getIntervalHistogram();
  }
}
