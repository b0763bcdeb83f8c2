package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.streaming.fanout.EventFrame;
import io.incidentstream.streaming.fanout.Recipient.Room;
import org.jspecify.annotations.Nullable;

/**
 * Flow control for a connection's paced resume: missed events are queued only while the queue is
 * under its catch-up limit (nothing is shed), and fan-out's next catch-up step is released once the
 * writer has drained the queue to its low watermark, or once the connection goes away. Stateless
 * and shared by every connection (the pending step is the session's); thread-safe: the dispatch
 * thread offers, the event loop releases.
 */
final class CatchUpFlow {

  private final FrameAssembler frames;

  CatchUpFlow(FrameAssembler frames) {
    this.frames = frames;
  }

  Room offer(
      NettyStreamSession session, EventEnvelope envelope, EventFrame frame, EventFrame suffix) {
    if (!session.isOpen()) {
      return Room.GONE;
    }
    OutboundQueue.Offer offer = session.queue().offerIfRoom(frames.event(envelope, frame, suffix));
    if (offer == OutboundQueue.Offer.ACCEPTED) {
      session.scheduleWrite();
      return Room.QUEUED;
    }
    return offer == OutboundQueue.Offer.FULL ? Room.FULL : Room.GONE;
  }

  /** See {@link io.incidentstream.streaming.fanout.Recipient#whenDrained}. */
  void whenDrained(NettyStreamSession session, Runnable task) {
    session.awaitDrained(task);
    if (!session.isOpen() || session.queue().size() == 0) {
      runDrainedTask(session);
    }
  }

  /** The writer wrote frames: release the next step once the queue is low enough. */
  void afterWrite(NettyStreamSession session) {
    if (session.awaitsDrain() && session.queue().isBelowLowWatermark()) {
      runDrainedTask(session);
    }
  }

  /** The connection is gone: nothing more to wait for. */
  void cancel(NettyStreamSession session) {
    session.takeDrainedTask();
  }

  private static void runDrainedTask(NettyStreamSession session) {
    @Nullable Runnable task = session.takeDrainedTask();
    if (task != null) {
      task.run();
    }
  }
}
