package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.netty.buffer.ByteBuf;
import org.jspecify.annotations.Nullable;

/**
 * One queued frame: an event (ranked by priority), a control message, or the final close. An event
 * holds a reference to the event's shared frame prefix and one to the recipient's cached {@code
 * subscription_ids} suffix: the shared buffers themselves (read by absolute index only), no
 * duplicate, so queueing an event costs two reference counts and this object. The writer copies
 * both into one exact-size frame when it writes ({@link SessionWriter}). Owned by its {@link
 * OutboundQueue}, then by the writer that took it; the references are released exactly once, when
 * written or dropped ({@link #release} forgets them, so a second call does nothing).
 */
class Outbound {

  /** Rank of control messages: above every event priority, never shed. */
  static final int CONTROL = 4;

  /** Rank of the close frame that ends the queue. */
  static final int CLOSE = 5;

  /**
   * An event's shared prefix, or a control message's whole payload; null for the close, and once
   * released.
   */
  @Nullable ByteBuf content;

  /** An event's shared suffix; null otherwise, and once released. */
  @Nullable ByteBuf suffix;

  /**
   * The event (for its priority, its publish time and its seq once written); null otherwise. The
   * rank and size are derived rather than stored: a queued event is 32 bytes (four references), one
   * of them per recipient of every event.
   */
  final @Nullable EventEnvelope envelope;

  /** The next frame in its queue (guarded by the queue's lock), or in a taken batch. */
  @Nullable Outbound next;

  private Outbound(
      @Nullable ByteBuf content, @Nullable ByteBuf suffix, @Nullable EventEnvelope envelope) {
    this.content = content;
    this.suffix = suffix;
    this.envelope = envelope;
  }

  private static int readable(@Nullable ByteBuf buf) {
    return buf == null ? 0 : buf.readableBytes();
  }

  /**
   * An event frame: {@code prefix} then {@code suffix}, shared buffers whose one reference each the
   * frame owns from now on.
   */
  static Outbound event(ByteBuf prefix, ByteBuf suffix, EventEnvelope envelope) {
    return new Outbound(prefix, suffix, envelope);
  }

  static Outbound control(ByteBuf frame) {
    return new Outbound(frame, null, null);
  }

  /** A binary frame: a control message's rank, written as a binary frame. */
  static Outbound binary(ByteBuf frame) {
    return new Binary(frame);
  }

  static Close close(int code, String reason) {
    return new Close(code, reason);
  }

  /** The close frame that ends a queue (its own class, so that events do not carry its fields). */
  static final class Close extends Outbound {

    final int code;
    final String reason;

    private Close(int code, String reason) {
      super(null, null, null);
      this.code = code;
      this.reason = reason;
    }

    @Override
    int rank() {
      return CLOSE;
    }
  }

  /** A binary frame (its own class, so that text frames do not carry a flag). */
  static final class Binary extends Outbound {

    private Binary(ByteBuf content) {
      super(content, null, null);
    }
  }

  /** An event's priority ordinal, {@link #CONTROL} or {@link #CLOSE}. */
  int rank() {
    EventEnvelope event = envelope;
    return event == null ? CONTROL : event.priority().ordinal();
  }

  /**
   * Payload bytes (the WebSocket header aside); read only while the frame holds its buffers (the
   * queue reads it before it releases a frame).
   */
  int bytes() {
    return readable(content) + readable(suffix);
  }

  boolean isEvent() {
    return envelope != null;
  }

  boolean isClose() {
    return this instanceof Close;
  }

  /**
   * Lets go of the frame's references, once: the buffers may be shared, so a second release would
   * take another holder's reference. Whoever owns the frame (its queue, under its lock, or the
   * writer that took it) calls it.
   */
  void release() {
    ByteBuf prefix = content;
    ByteBuf end = suffix;
    content = null;
    suffix = null;
    if (prefix != null) {
      prefix.release();
    }
    if (end != null) {
      end.release();
    }
  }
}
