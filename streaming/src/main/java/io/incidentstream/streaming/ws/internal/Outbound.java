package io.incidentstream.streaming.ws.internal;

import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * One queued frame: an event (ranked by priority), a control message, or the final close. Owned by
 * its {@link OutboundQueue}; {@code content} is released exactly once, when written or dropped.
 */
final class Outbound {

  /** Rank of control messages: above every event priority, never shed. */
  static final int CONTROL = 4;

  /** Rank of the close frame that ends the queue. */
  static final int CLOSE = 5;

  final @Nullable ByteBuf content;
  final int rank;
  final int bytes;
  final long eventTimestampMillis;
  final int closeCode;
  final String closeReason;

  /** The next frame in its queue (guarded by the queue's lock). */
  @Nullable Outbound next;

  private Outbound(
      @Nullable ByteBuf content,
      int rank,
      long eventTimestampMillis,
      int closeCode,
      String closeReason) {
    this.content = content;
    this.rank = rank;
    this.bytes = content == null ? 0 : content.readableBytes();
    this.eventTimestampMillis = eventTimestampMillis;
    this.closeCode = closeCode;
    this.closeReason = closeReason;
  }

  static Outbound event(ByteBuf frame, int priorityRank, long eventTimestampMillis) {
    return new Outbound(frame, priorityRank, eventTimestampMillis, 0, "");
  }

  static Outbound control(ByteBuf frame) {
    return new Outbound(frame, CONTROL, 0, 0, "");
  }

  static Outbound close(int code, String reason) {
    return new Outbound(null, CLOSE, 0, code, reason);
  }

  boolean isEvent() {
    return rank < CONTROL;
  }

  boolean isClose() {
    return rank == CLOSE;
  }

  void release() {
    if (content != null && content.refCnt() > 0) {
      content.release();
    }
  }
}
