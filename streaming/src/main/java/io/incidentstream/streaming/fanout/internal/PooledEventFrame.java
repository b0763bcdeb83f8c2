package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.streaming.fanout.EventFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;

/**
 * The Netty side of an {@link EventFrame}: encoded bytes (an event's shared prefix, or a cached
 * {@code subscription_ids} suffix) in one direct buffer (pooled in production). Holds one
 * reference, released once by whoever made the frame; recipients take their own through {@link
 * #retainedShared} (a queue slot) or {@link #retainedContent}. Thread-safe for readers: the bytes
 * and indices never change.
 */
public final class PooledEventFrame implements EventFrame {

  private final ByteBuf content;

  PooledEventFrame(ByteBuf content) {
    this.content = content;
  }

  /** Copies {@code bytes} into a new pooled direct buffer. */
  static PooledEventFrame copyOf(byte[] bytes) {
    return new PooledEventFrame(
        PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes));
  }

  /** The Netty frame behind {@code frame}, which fan-out made. */
  public static PooledEventFrame of(EventFrame frame) {
    if (frame instanceof PooledEventFrame pooled) {
      return pooled;
    }
    throw new IllegalArgumentException(
        "not a frame of this transport: " + frame.getClass().getName());
  }

  @Override
  public int length() {
    return content.readableBytes();
  }

  /** A new reference to the bytes, with its own indices: the caller releases it. */
  public ByteBuf retainedContent() {
    return content.retainedDuplicate();
  }

  /**
   * The shared buffer itself with one more reference, for a holder that keeps it past the current
   * call: a reference count, no new object. Every holder reads the same buffer, so it must only
   * read it by absolute index (for example {@code target.writeBytes(shared, shared.readerIndex(),
   * shared.readableBytes())}), never move its indices or write to it; and release it once.
   */
  public ByteBuf retainedShared() {
    return content.retain();
  }

  /** References held on the bytes (for tests). */
  int refCnt() {
    return content.refCnt();
  }

  /** Takes one more reference, for a holder that releases it later. */
  PooledEventFrame retain() {
    content.retain();
    return this;
  }

  void release() {
    content.release();
  }
}
