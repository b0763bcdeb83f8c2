package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.security.StreamPrincipal;
import io.netty.util.concurrent.EventExecutor;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A session's token: who holds the connection, and the end of its validity. At the token's {@code
 * exp} the session is told (once) to close with 4001, unless a refresh has replaced the token by
 * then. Each renewal schedules a check at its own {@code exp}; a check that finds a later {@code
 * exp} than its own does nothing. Thread-safe: the principal is volatile, checks run on the
 * connection's event loop.
 */
final class SessionCredentials {

  private final EventExecutor loop;
  private final Runnable onExpired;
  private volatile StreamPrincipal principal;

  SessionCredentials(StreamPrincipal principal, EventExecutor loop, Runnable onExpired) {
    this.principal = principal;
    this.loop = loop;
    this.onExpired = onExpired;
  }

  StreamPrincipal principal() {
    return principal;
  }

  /** Starts watching the current token's expiry. */
  void start() {
    schedule(principal.expiresAt());
  }

  /** Replaces the token (a valid refresh of the same subject) and watches its expiry. */
  void renew(StreamPrincipal next) {
    principal = next;
    schedule(next.expiresAt());
  }

  private void schedule(@Nullable Instant expiresAt) {
    if (expiresAt == null) {
      return;
    }
    long delay = Math.max(0, expiresAt.toEpochMilli() - System.currentTimeMillis());
    try {
      loop.schedule(this::check, delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException loopGone) {
      // the connection's event loop is shutting down, and the connection with it
    }
  }

  private void check() {
    Instant expiresAt = principal.expiresAt();
    if (expiresAt != null && !Instant.now().isBefore(expiresAt)) {
      onExpired.run();
    }
  }
}
