package io.incidentstream.streaming.limits;

/**
 * Per-connection inbound rate limit: at most {@code maxPerSecond} messages in each one-second
 * window, and a count of violations that resets after a minute without one. Not thread-safe:
 * confined to the connection's event loop.
 */
public final class RateLimiter {

  private static final long WINDOW_NANOS = 1_000_000_000L;
  private static final long VIOLATION_MEMORY_NANOS = 60 * WINDOW_NANOS;

  private final int maxPerSecond;
  private long windowStart;
  private int inWindow;
  private int violations;
  private long lastViolation;

  public RateLimiter(int maxPerSecond, long nowNanos) {
    this.maxPerSecond = Math.max(1, maxPerSecond);
    this.windowStart = nowNanos;
    this.lastViolation = nowNanos - VIOLATION_MEMORY_NANOS;
  }

  /** Takes one message's allowance; false means the message must be rejected. */
  public boolean tryAcquire(long nowNanos) {
    if (nowNanos - windowStart >= WINDOW_NANOS) {
      windowStart = nowNanos;
      inWindow = 0;
    }
    inWindow++;
    return inWindow <= maxPerSecond;
  }

  /** Records a rejected message; returns the violations in the current streak. */
  public int recordViolation(long nowNanos) {
    if (nowNanos - lastViolation >= VIOLATION_MEMORY_NANOS) {
      violations = 0;
    }
    lastViolation = nowNanos;
    return ++violations;
  }
}
