package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * One queued frame: an event (ranked by priority), a control message, or the final close. An event
 * is the shared frame prefix and the recipient's cached {@code subscription_ids} suffix, each a
 * duplicate of a shared buffer, written one after the other behind one WebSocket header: no copy,
 * no composite. Owned by its {@link OutboundQueue}; the buffers are released exactly once, when
 * written or dropped.
 */
class Outbound {

  /** Rank of control messages: above every event priority, never shed. */
  static final int CONTROL = 4;

  /** Rank of the close frame that ends the queue. */
  static final int CLOSE = 5;

  /** An event's prefix, or a control message's whole payload; null for the close. */
  final @Nullable ByteBuf content;

  /** An event's suffix; null otherwise. */
  final @Nullable ByteBuf suffix;

  final int rank;
  final int bytes;

  /**
   * The event (for its publish time and seq once written); null otherwise. A reference rather than
   * copies of both longs keeps the frame at 40 bytes; the history holds the envelope anyway.
   */
  final @Nullable EventEnvelope envelope;

  /** The next frame in its queue (guarded by the queue's lock), or in a taken batch. */
  @Nullable Outbound next;

  private Outbound(
      @Nullable ByteBuf content,
      @Nullable ByteBuf suffix,
      int rank,
      @Nullable EventEnvelope envelope) {
    this.content = content;
    this.suffix = suffix;
    this.rank = rank;
    this.bytes = readable(content) + readable(suffix);
    this.envelope = envelope;
  }

  private static int readable(@Nullable ByteBuf buf) {
    return buf == null ? 0 : buf.readableBytes();
  }

  /** An event frame: {@code prefix} then {@code suffix}, both owned by the frame from now on. */
  static Outbound event(ByteBuf prefix, ByteBuf suffix, int priorityRank, EventEnvelope envelope) {
    return new Outbound(prefix, suffix, priorityRank, envelope);
  }

  static Outbound control(ByteBuf frame) {
    return new Outbound(frame, null, CONTROL, null);
  }

  static Close close(int code, String reason) {
    return new Close(code, reason);
  }

  /** The close frame that ends a queue (its own class, so that events do not carry its fields). */
  static final class Close extends Outbound {

    final int code;
    final String reason;

    private Close(int code, String reason) {
      super(null, null, CLOSE, null);
      this.code = code;
      this.reason = reason;
    }
  }

  boolean isEvent() {
    return rank < CONTROL;
  }

  boolean isClose() {
    return rank == CLOSE;
  }

  void release() {
    release(content);
    release(suffix);
  }

  private static void release(@Nullable ByteBuf buf) {
    if (buf != null && buf.refCnt() > 0) {
      buf.release();
    }
  }
}
