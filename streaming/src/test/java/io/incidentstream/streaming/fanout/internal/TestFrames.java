package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.streaming.fanout.EventFrame;
import java.nio.charset.StandardCharsets;

/** Shared frames as fan-out makes them (pooled direct buffers), for tests of the transport side. */
public final class TestFrames {

  private TestFrames() {}

  /** A new shared frame holding {@code text}; the caller releases it with {@link #release}. */
  public static EventFrame of(String text) {
    return PooledEventFrame.copyOf(text.getBytes(StandardCharsets.UTF_8));
  }

  /** References held on the frame's bytes. */
  public static int refCnt(EventFrame frame) {
    return PooledEventFrame.of(frame).refCnt();
  }

  /** Lets go of the reference its maker holds. */
  public static void release(EventFrame frame) {
    PooledEventFrame.of(frame).release();
  }
}
