package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.streaming.fanout.EventFrame;
import io.incidentstream.streaming.fanout.Recipient.Room;
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater;
import org.jspecify.annotations.Nullable;

/**
 * Flow control for a connection's paced resume: missed events are queued only while the queue is
 * under its catch-up limit (nothing is shed), and fan-out's next catch-up step is released once the
 * writer has drained the queue to its low watermark, or once the connection goes away. Thread-safe:
 * the dispatch thread offers, the event loop releases.
 */
final class CatchUpFlow {

  private static final AtomicReferenceFieldUpdater<CatchUpFlow, @Nullable Runnable> DRAINED_TASK =
      AtomicReferenceFieldUpdater.newUpdater(CatchUpFlow.class, Runnable.class, "drainedTask");

  private final NettyStreamSession session;
  private final OutboundQueue queue;
  private final FrameAssembler frames;
  private volatile @Nullable Runnable drainedTask;

  CatchUpFlow(NettyStreamSession session, OutboundQueue queue, FrameAssembler frames) {
    this.session = session;
    this.queue = queue;
    this.frames = frames;
  }

  Room offer(EventEnvelope envelope, EventFrame frame, EventFrame suffix) {
    if (!session.isOpen()) {
      return Room.GONE;
    }
    OutboundQueue.Offer offer = queue.offerIfRoom(frames.event(envelope, frame, suffix));
    if (offer == OutboundQueue.Offer.ACCEPTED) {
      session.scheduleWrite();
      return Room.QUEUED;
    }
    return offer == OutboundQueue.Offer.FULL ? Room.FULL : Room.GONE;
  }

  /** See {@link io.incidentstream.streaming.fanout.Recipient#whenDrained}. */
  void whenDrained(Runnable task) {
    drainedTask = task;
    if (!session.isOpen() || queue.size() == 0) {
      runDrainedTask();
    }
  }

  /** The writer wrote frames: release the next step once the queue is low enough. */
  void afterWrite() {
    if (drainedTask != null && queue.isBelowLowWatermark()) {
      runDrainedTask();
    }
  }

  /** The connection is gone: nothing more to wait for. */
  void cancel() {
    drainedTask = null;
  }

  private void runDrainedTask() {
    Runnable task = DRAINED_TASK.getAndSet(this, null);
    if (task != null) {
      task.run();
    }
  }
}
