package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.ws.CloseCode;
import io.incidentstream.streaming.ws.ConnectionRegistry.Admission;
import io.incidentstream.streaming.ws.SessionClosedEvent;
import io.incidentstream.streaming.ws.SessionOpenedEvent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's place in the {@link io.incidentstream.streaming.ws.ConnectionRegistry} and in its
 * event loop's {@link Housekeeping}: admitted (or refused, and closed) when it opens, announced,
 * and removed exactly once when its pipeline is gone. Stateless and shared by every connection
 * (whether a session is registered is the session's); thread-safe.
 */
final class SessionRegistration {

  private static final Logger LOG = LoggerFactory.getLogger(SessionRegistration.class);

  private final SessionServices services;

  SessionRegistration(SessionServices services) {
    this.services = services;
  }

  /** Joins the registry, or closes the session if the limits say no. */
  void register(NettyStreamSession session) {
    Admission admission = services.registry.register(session);
    if (admission != Admission.ACCEPTED) {
      refuse(session, admission);
      return;
    }
    session.markRegistered();
    services.housekeeping.add(session);
    LOG.debug("{} opened", session);
    services.events.publishEvent(new SessionOpenedEvent(session));
  }

  private static void refuse(NettyStreamSession session, Admission admission) {
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
  void unregister(
      NettyStreamSession session, @Nullable Integer closeCode, @Nullable String closeReason) {
    if (!session.markUnregistered()) {
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
