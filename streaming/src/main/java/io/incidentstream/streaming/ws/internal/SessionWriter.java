package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.concurrent.RejectedExecutionException;

/**
 * Writes a connection's {@link OutboundQueue} to its channel: producers on any thread {@linkplain
 * #schedule schedule} one drain task per burst of offers; the drain runs on the channel's event
 * loop, writes as many frames as the channel takes (all of them once the connection is closing),
 * flushes once, and resumes when the channel becomes writable again. An event goes out as one
 * exact-size pooled direct buffer: its WebSocket header, the shared prefix and the cached suffix
 * copied in (about 1 KB), which passes the WebSocket frame encoder untouched. The session is its
 * own drain task ({@link NettyStreamSession#run}); its one piece of writer state (whether a drain
 * is scheduled) is a field of the session, so this part is stateless and shared by every
 * connection. Thread-safe.
 */
final class SessionWriter {

  private final StreamMetrics metrics;

  SessionWriter(StreamMetrics metrics) {
    this.metrics = metrics;
  }

  /** Makes sure a drain runs after this call. Any thread; never blocks. */
  void schedule(NettyStreamSession session) {
    if (session.claimDrain()) {
      runOnLoop(session, session);
    }
  }

  /** Sends a WebSocket ping, on the event loop. Any thread. */
  void ping(NettyStreamSession session) {
    runOnLoop(session, () -> writePing(session));
  }

  private static void writePing(NettyStreamSession session) {
    ChannelHandlerContext c = session.context();
    if (c != null && session.isOpen() && session.channel().isActive()) {
      c.writeAndFlush(new PingWebSocketFrame(), c.voidPromise());
    }
  }

  /** Runs a task on the channel's event loop; once that loop is gone, the channel is too. */
  private static void runOnLoop(NettyStreamSession session, Runnable task) {
    try {
      session.eventLoop().execute(task);
    } catch (RejectedExecutionException loopGone) {
      session.release();
    }
  }

  /**
   * An event goes out as one buffer of its exact size, header, shared prefix and cached suffix
   * copied in; the item's references to the shared buffers are released here, whatever happens. A
   * buffer of its own, unlike a duplicate of a shared one, costs no object per write: the pool
   * recycles the buffer and the NIO view the socket write takes of it. The copy is cheaper than the
   * views and garbage of writing the shared buffers' duplicates as they are.
   */
  private static void write(ChannelHandlerContext c, Outbound item) {
    ByteBuf suffix = item.suffix;
    ByteBuf content = item.content;
    if (suffix == null || content == null) {
      c.write(
          item instanceof Outbound.Binary
              ? new BinaryWebSocketFrame(content)
              : new TextWebSocketFrame(content),
          c.voidPromise());
      return;
    }
    ByteBuf frame;
    try {
      frame = frame(content, suffix, item.bytes());
    } finally {
      item.release();
    }
    c.write(frame, c.voidPromise());
  }

  /** Header, prefix and suffix in one new pooled direct buffer of exactly their size. */
  static ByteBuf frame(ByteBuf prefix, ByteBuf suffix, int payload) {
    ByteBuf frame =
        PooledByteBufAllocator.DEFAULT.directBuffer(TextFrameHeader.size(payload) + payload);
    try {
      TextFrameHeader.writeTo(frame, payload);
      frame.writeBytes(prefix, prefix.readerIndex(), prefix.readableBytes());
      frame.writeBytes(suffix, suffix.readerIndex(), suffix.readableBytes());
      return frame;
    } catch (RuntimeException e) {
      frame.release();
      throw e;
    }
  }

  /**
   * Writes what is queued, taking as much at a time as the channel accepts before it turns
   * unwritable (everything once closing), with one lock acquisition per take and one flush per
   * drain. Event loop only.
   */
  void drain(NettyStreamSession session) {
    session.drainStarted();
    ChannelHandlerContext c = session.context();
    Channel channel = session.channel();
    OutboundQueue queue = session.queue();
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
          session.handshake().writeClose(session, c, close);
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
    session.countWritten(frames, events, lastSeq);
    if (frames > 0) {
      session.catchUp().afterWrite(session);
    }
  }
}
