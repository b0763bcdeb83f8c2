package io.incidentstream.streaming.limits;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per interval, so a flood of bad input cannot flood the log; the next
 * line says how many were held back. Thread-safe, lock-free.
 */
public final class LogLimiter {

  private final long intervalNanos;
  private final AtomicLong nextAllowed = new AtomicLong(System.nanoTime());
  private final AtomicLong suppressed = new AtomicLong();

  public LogLimiter(Duration interval) {
    this.intervalNanos = interval.toNanos();
  }

  /** -1 when this line must be skipped; else how many lines were skipped since the last one. */
  public long tryAcquire() {
    long now = System.nanoTime();
    long allowed = nextAllowed.get();
    if (now - allowed < 0 || !nextAllowed.compareAndSet(allowed, now + intervalNanos)) {
      suppressed.incrementAndGet();
      return -1;
    }
    return suppressed.getAndSet(0);
  }
}
