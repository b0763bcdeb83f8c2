package io.incidentstream.streaming.ws;

import io.incidentstream.streaming.config.StreamConfiguration;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timer thread for every session: a WebSocket ping each {@code heartbeat-interval}, and each
 * {@code cleanup-interval} a sweep that closes idle sessions (4000) and drops any whose connection
 * is gone. The actual work runs on each session's event loop. Thread-safe.
 */
@Context
public class SessionHousekeeper {

  private static final Logger LOG = LoggerFactory.getLogger(SessionHousekeeper.class);

  private final ConnectionRegistry registry;
  private final long sessionTimeoutNanos;
  private final ScheduledExecutorService timer;

  public SessionHousekeeper(StreamConfiguration config, ConnectionRegistry registry) {
    this.registry = registry;
    this.sessionTimeoutNanos = config.sessionTimeout().toNanos();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "stream-housekeeping");
              thread.setDaemon(true);
              return thread;
            });
    schedule(this::heartbeat, config.heartbeatInterval());
    schedule(this::sweep, config.cleanupInterval());
  }

  private void schedule(Runnable task, Duration period) {
    long millis = Math.max(10, period.toMillis());
    timer.scheduleWithFixedDelay(guarded(task), millis, millis, TimeUnit.MILLISECONDS);
  }

  private static Runnable guarded(Runnable task) {
    return () -> {
      try {
        task.run();
      } catch (RuntimeException e) {
        LOG.error("session housekeeping failed", e);
      }
    };
  }

  private void heartbeat() {
    for (StreamSession session : registry.sessions()) {
      guarded(session::ping).run();
    }
  }

  /** Closes idle sessions and forgets those whose socket is already gone (no zombies). */
  void sweep() {
    long now = System.nanoTime();
    for (StreamSession session : registry.sessions()) {
      if (!session.isConnected()) {
        LOG.info("{}: connection gone, removing", session);
        session.release();
      } else if (session.isOpen() && now - session.lastActivityNanos() > sessionTimeoutNanos) {
        LOG.debug("{}: idle past the session timeout, closing", session);
        session.close(CloseCode.IDLE_TIMEOUT, CloseCode.IDLE_TIMEOUT.reason());
      }
    }
  }

  @PreDestroy
  void stop() {
    timer.shutdownNow();
  }
}
