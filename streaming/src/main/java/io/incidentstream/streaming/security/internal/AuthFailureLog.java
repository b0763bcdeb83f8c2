package io.incidentstream.streaming.security.internal;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs refused authentications with the client address and the reason, at most one line per address
 * per {@link #INTERVAL} (a client retrying in a loop must not flood the log); the line says how
 * many refusals it stands for. Never given a token. Thread-safe; the per-address memory is bounded
 * (old entries are pruned when it grows).
 */
@Singleton
final class AuthFailureLog {

  static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Logger LOG = LoggerFactory.getLogger("io.incidentstream.security");
  private static final int PRUNE_ABOVE = 10_000;

  private final ConcurrentMap<String, Window> windows = new ConcurrentHashMap<>();

  /** Records one refusal; logs it unless this address already had a line in the interval. */
  void refused(String address, String what, int status, String reason) {
    long now = System.nanoTime();
    Window window = windows.computeIfAbsent(address, a -> new Window(now - INTERVAL.toNanos()));
    int count = window.suppressed.incrementAndGet();
    if (now - window.lastLoggedNanos < INTERVAL.toNanos()) {
      return;
    }
    synchronized (window) {
      if (now - window.lastLoggedNanos < INTERVAL.toNanos()) {
        return;
      }
      window.lastLoggedNanos = now;
      count = window.suppressed.getAndSet(0);
    }
    LOG.warn(
        "{} from {} refused with {}: {}{}",
        what,
        address,
        status,
        reason,
        count > 1 ? " (" + count + " refusals from this address since the last line)" : "");
    prune(now);
  }

  private void prune(long now) {
    if (windows.size() > PRUNE_ABOVE) {
      windows.values().removeIf(w -> now - w.lastLoggedNanos > INTERVAL.toNanos());
    }
  }

  private static final class Window {
    volatile long lastLoggedNanos;
    final AtomicInteger suppressed = new AtomicInteger();

    Window(long lastLoggedNanos) {
      this.lastLoggedNanos = lastLoggedNanos;
    }
  }
}
