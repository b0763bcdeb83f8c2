package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.ws.CloseCode;
import io.incidentstream.streaming.ws.ConnectionRegistry.Admission;
import io.incidentstream.streaming.ws.SessionClosedEvent;
import io.incidentstream.streaming.ws.SessionOpenedEvent;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's place in the {@link io.incidentstream.streaming.ws.ConnectionRegistry} and in its
 * event loop's {@link Housekeeping}: admitted (or refused, and closed) when it opens, announced,
 * and removed exactly once when its pipeline is gone. Thread-safe.
 */
final class SessionRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistration.class);

  private static final int NOT_REGISTERED = 0;
  private static final int REGISTERED = 1;
  private static final int UNREGISTERED = 2;
  private static final AtomicIntegerFieldUpdater<SessionRegistration> STATE =
      AtomicIntegerFieldUpdater.newUpdater(SessionRegistration.class, "state");

  private final NettyStreamSession session;
  private final SessionServices services;
  private volatile int state = NOT_REGISTERED;

  SessionRegistration(NettyStreamSession session, SessionServices services) {
    this.session = session;
    this.services = services;
  }

  /** Joins the registry, or closes the session if the limits say no. */
  void register() {
    Admission admission = services.registry.register(session);
    if (admission != Admission.ACCEPTED) {
      refuse(admission);
      return;
    }
    state = REGISTERED;
    services.housekeeping.add(session);
    LOG.debug("{} opened", session);
    services.events.publishEvent(new SessionOpenedEvent(session));
  }

  private void refuse(Admission admission) {
    LOG.info("{} refused: {}", session, admission);
    if (admission == Admission.DRAINING) {
      session.close(CloseCode.GOING_AWAY, CloseCode.GOING_AWAY.reason());
    } else {
      session.close(CloseCode.POLICY, "connection limit reached");
    }
  }

  /**
   * Announces the close, then leaves the registry. Called once the channel's pipeline is gone (or
   * the channel cannot be reached any more), so nothing of this connection still publishes into the
   * context when the shutdown drain sees an empty registry and lets the context stop.
   */
  void unregister(@Nullable Integer closeCode, @Nullable String closeReason) {
    if (!STATE.compareAndSet(this, REGISTERED, UNREGISTERED)) {
      return;
    }
    LOG.debug("session {} closed (code {})", session.id(), closeCode);
    services.housekeeping.remove(session);
    try {
      services.events.publishEvent(new SessionClosedEvent(session, closeCode, closeReason));
    } finally {
      services.registry.unregister(session);
    }
  }
}
