package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * Writes a connection's {@link OutboundQueue} to its channel: producers on any thread {@linkplain
 * #schedule schedule} one drain task per burst of offers; the drain runs on the channel's event
 * loop, writes as many frames as the channel takes (all of them once the connection is closing),
 * flushes once, and resumes when the channel becomes writable again. An event frame is written
 * without a copy: its WebSocket header, then the shared prefix and the cached suffix as they are.
 * As a {@link Runnable} it is its own drain task.
 */
final class SessionWriter implements Runnable {

  private static final AtomicIntegerFieldUpdater<SessionWriter> DRAIN_SCHEDULED =
      AtomicIntegerFieldUpdater.newUpdater(SessionWriter.class, "drainScheduled");

  private final NettyStreamSession session;
  private final Channel channel;
  private final OutboundQueue queue;
  private final StreamMetrics metrics;
  private volatile int drainScheduled;

  // Per-session counters for the admin API: written by the drain on the event loop only, read
  // racily from any thread (plain fields: nothing per frame beyond an increment).
  private int messagesOut;
  private int eventsDelivered;
  private long lastSeqDelivered;
  private long lastEventNanos;

  SessionWriter(
      NettyStreamSession session, Channel channel, OutboundQueue queue, StreamMetrics metrics) {
    this.session = session;
    this.channel = channel;
    this.queue = queue;
    this.metrics = metrics;
  }

  /** Frames written (racy read; wraps after 2^32). */
  long messagesOut() {
    return Integer.toUnsignedLong(messagesOut);
  }

  /** Event frames written (racy read; wraps after 2^32). */
  long eventsDelivered() {
    return Integer.toUnsignedLong(eventsDelivered);
  }

  /** The seq of the last event written, 0 before the first (racy read). */
  long lastSeqDelivered() {
    return lastSeqDelivered;
  }

  /** {@link System#nanoTime()} of the last event written, 0 before the first (racy read). */
  long lastEventNanos() {
    return lastEventNanos;
  }

  /** Makes sure a drain runs after this call. Any thread; never blocks. */
  void schedule() {
    if (DRAIN_SCHEDULED.compareAndSet(this, 0, 1)) {
      runOnLoop(this);
    }
  }

  /** Sends a WebSocket ping, on the event loop. Any thread. */
  void ping() {
    runOnLoop(this::writePing);
  }

  private void writePing() {
    ChannelHandlerContext c = session.context();
    if (c != null && session.isOpen() && channel.isActive()) {
      c.writeAndFlush(new PingWebSocketFrame(), c.voidPromise());
    }
  }

  /** Runs a task on the channel's event loop; once that loop is gone, the channel is too. */
  private void runOnLoop(Runnable task) {
    try {
      channel.eventLoop().execute(task);
    } catch (RejectedExecutionException loopGone) {
      session.release();
    }
  }

  /** The drain task. Event loop only (see {@link #schedule}). */
  @Override
  public void run() {
    drain();
  }

  /** An event goes out as header, shared prefix and cached suffix: three buffers, one writev. */
  private static void write(ChannelHandlerContext c, Outbound item) {
    ByteBuf suffix = item.suffix;
    if (suffix == null) {
      c.write(new TextWebSocketFrame(item.content), c.voidPromise());
      return;
    }
    c.write(TextFrameHeader.of(c.alloc(), item.bytes), c.voidPromise());
    c.write(item.content, c.voidPromise());
    c.write(suffix, c.voidPromise());
  }

  /**
   * Writes what is queued, taking as much at a time as the channel accepts before it turns
   * unwritable (everything once closing), with one lock acquisition per take and one flush per
   * drain. Event loop only.
   */
  void drain() {
    drainScheduled = 0;
    ChannelHandlerContext c = session.context();
    if (c == null || !channel.isActive()) {
      return;
    }
    boolean force = queue.isTerminating();
    long nowMillis = System.currentTimeMillis();
    int frames = 0;
    int events = 0;
    long lastSeq = 0;
    boolean closed = false;
    while (!closed && (force || channel.isWritable())) {
      Outbound item = queue.pollUpTo(force ? Long.MAX_VALUE : channel.bytesBeforeUnwritable());
      if (item == null) {
        break;
      }
      for (Outbound next; item != null; item = next) {
        next = item.next;
        item.next = null;
        if (item instanceof Outbound.Close close) {
          session.handshake().writeClose(c, close);
          closed = true;
          continue;
        }
        write(c, item);
        frames++;
        if (item.isEvent()) {
          EventEnvelope envelope = item.envelope;
          events++;
          lastSeq = envelope.seq();
          metrics.latencyMillis(nowMillis - envelope.timestamp().toEpochMilli());
        }
      }
    }
    c.flush();
    metrics.messagesSent(frames);
    metrics.eventsDelivered(events);
    count(frames, events, lastSeq);
    if (frames > 0) {
      session.catchUp().afterWrite();
    }
  }

  private void count(int frames, int events, long lastSeq) {
    messagesOut += frames;
    if (events > 0) {
      eventsDelivered += events;
      lastSeqDelivered = lastSeq;
      lastEventNanos = System.nanoTime();
    }
  }
}
