package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.security.StreamPrincipal;
import io.incidentstream.streaming.ws.CloseCode;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A session's token: the end of its validity. At the token's {@code exp} the session is told (once)
 * to close with 4001, unless a refresh has replaced the token by then. A check at {@code exp} is
 * scheduled on the connection's event loop only once {@code exp} is near (within {@link #horizon});
 * until then the session's heartbeat round, which visits it at least once per {@code
 * heartbeat-interval}, looks again. A token valid for hours therefore costs an idle connection no
 * timer. A check that finds a later {@code exp} than its own (a refresh came first) does nothing.
 *
 * <p>Stateless and shared by every connection (the principal and whether its check is scheduled are
 * the session's); checks run on the connection's event loop.
 */
final class SessionCredentials {

  private final long horizonMillis;

  /**
   * @param horizon how far ahead a check is scheduled: more than the longest gap between two
   *     heartbeat visits of one session
   */
  SessionCredentials(Duration horizon) {
    this.horizonMillis = horizon.toMillis();
  }

  /** Starts watching the session's current token's expiry. */
  void start(NettyStreamSession session) {
    watch(session);
  }

  /** Replaces the token (a valid refresh of the same subject) and watches its expiry. */
  void renew(NettyStreamSession session, StreamPrincipal next) {
    session.principal(next);
    session.expiryScheduled = false;
    watch(session);
  }

  /** The heartbeat round's visit: schedules the check once the token's end is near. */
  void visit(NettyStreamSession session) {
    if (!session.expiryScheduled) {
      watch(session);
    }
  }

  private void watch(NettyStreamSession session) {
    @Nullable Instant expiresAt = session.principal().expiresAt();
    if (expiresAt == null) {
      return;
    }
    long delay = Math.max(0, expiresAt.toEpochMilli() - System.currentTimeMillis());
    if (delay > horizonMillis) {
      return;
    }
    session.expiryScheduled = true;
    try {
      session.eventLoop().schedule(() -> check(session), delay, TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException loopGone) {
      // the connection's event loop is shutting down, and the connection with it
    }
  }

  private static void check(NettyStreamSession session) {
    Instant expiresAt = session.principal().expiresAt();
    if (expiresAt != null && !Instant.now().isBefore(expiresAt)) {
      session.close(CloseCode.TOKEN_EXPIRED, CloseCode.TOKEN_EXPIRED.reason());
    }
  }
}
