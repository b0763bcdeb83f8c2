package io.incidentstream.streaming.ws;

import io.incidentstream.streaming.config.StreamConfiguration;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.ShutdownEvent;
import jakarta.inject.Singleton;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On shutdown: refuse new {@code /ws} connections, let each session flush what it has queued, send
 * {@code closing} and 1001, and wait (at most {@code stream.shutdown-grace}) for the clients to go.
 * When the HTTP server stops first, the session's frame handler turns Micronaut's abrupt channel
 * close into the same sequence. Runs on the shutdown thread, never an event loop.
 */
@Singleton
public class GracefulShutdown implements ApplicationEventListener<ShutdownEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
  private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final ConnectionRegistry registry;
  private final long graceNanos;

  public GracefulShutdown(StreamConfiguration config, ConnectionRegistry registry) {
    this.registry = registry;
    this.graceNanos = config.shutdownGrace().toNanos();
  }

  @Override
  public void onApplicationEvent(ShutdownEvent event) {
    drain();
  }

  /** Closes every session with 1001 and waits for them to leave, within the grace period. */
  public void drain() {
    registry.startDraining();
    int open = registry.size();
    if (open == 0) {
      return;
    }
    LOG.info("shutting down: closing {} /ws sessions", open);
    for (StreamSession session : registry.sessions()) {
      closeQuietly(session);
    }
    long deadline = System.nanoTime() + graceNanos;
    while (registry.size() > 0 && System.nanoTime() < deadline) {
      LockSupport.parkNanos(POLL_NANOS);
    }
    int left = registry.size();
    if (left > 0) {
      LOG.warn("shutdown: {} /ws sessions still open after the grace period", left);
    }
  }

  private static void closeQuietly(StreamSession session) {
    try {
      session.close(CloseCode.GOING_AWAY, CloseCode.GOING_AWAY.reason());
    } catch (RuntimeException e) {
      LOG.warn("{}: could not start the shutdown close", session, e);
    }
  }
}
