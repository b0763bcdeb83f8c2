package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.streaming.fanout.Recipient;
import java.util.Arrays;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One event's recipients on one event loop: fan-out fills it on the dispatch thread and hands it to
 * the loop as a single task, which queues the event to each recipient there. So an event crosses
 * threads once per event loop, not once per recipient. Holds a reference to the shared frame and to
 * each recipient's suffix until it has run. Filled by one thread, then run by one other.
 */
final class LoopBatch implements Runnable {

  private static final Logger LOG = LoggerFactory.getLogger(LoopBatch.class);

  final Executor loop;
  private final EventEnvelope envelope;
  private final PooledEventFrame frame;
  private Recipient[] recipients;
  private PooledEventFrame[] suffixes;
  private int size;

  /**
   * Takes its own reference to {@code frame}.
   *
   * @param expected how many recipients it will likely get (sizes its arrays once)
   */
  LoopBatch(Executor loop, EventEnvelope envelope, PooledEventFrame frame, int expected) {
    this.loop = loop;
    this.envelope = envelope;
    this.frame = frame.retain();
    int capacity = Math.max(8, expected);
    this.recipients = new Recipient[capacity];
    this.suffixes = new PooledEventFrame[capacity];
  }

  /** Adds a recipient, taking a reference to its suffix. */
  void add(Recipient recipient, PooledEventFrame suffix) {
    if (size == recipients.length) {
      recipients = Arrays.copyOf(recipients, size * 2);
      suffixes = Arrays.copyOf(suffixes, size * 2);
    }
    recipients[size] = recipient;
    suffixes[size] = suffix.retain();
    size++;
  }

  int size() {
    return size;
  }

  /** Queues the event to every recipient, then lets go of the frames. */
  @Override
  public void run() {
    try {
      for (int i = 0; i < size; i++) {
        deliver(recipients[i], suffixes[i]);
      }
    } finally {
      for (int i = 0; i < size; i++) {
        suffixes[i].release();
      }
      frame.release();
    }
  }

  private void deliver(Recipient recipient, PooledEventFrame suffix) {
    try {
      recipient.deliver(envelope, frame, suffix);
    } catch (RuntimeException e) {
      LOG.error("delivering seq {} to {} failed", envelope.seq(), recipient.id(), e);
    }
  }
}
