package io.incidentstream.streaming.ws.internal;

/**
 * What a connection's client sends: every frame counts as activity (for the idle timeout; all but
 * pongs for the heartbeat); complete messages go through the session's rate limit to the protocol
 * handler while the connection is open. Stateless and shared by every connection (the activity
 * times and the rate limiter are the session's); called on the connection's event loop.
 */
final class InboundMessages {

  private final SessionServices services;

  InboundMessages(SessionServices services) {
    this.services = services;
  }

  /**
   * Any client frame: activity for the idle timeout; unless it is a pong (which answers our ping),
   * also a sign of life that makes the next heartbeat ping unnecessary.
   */
  void touch(NettyStreamSession session, boolean pong) {
    long now = System.nanoTime();
    session.lastActivityNanos = now;
    if (!pong) {
      session.lastClientFrameNanos = now;
    }
  }

  /** A complete text message. */
  void onText(NettyStreamSession session, String text) {
    services.metrics.messageReceived();
    session.messagesIn++;
    if (session.isOpen()) {
      services.protocol.onText(session, session.rateLimiter(), text);
    }
  }

  /** A complete binary message. */
  void onBinary(NettyStreamSession session, byte[] payload) {
    services.metrics.messageReceived();
    session.messagesIn++;
    if (session.isOpen()) {
      services.protocol.onBinary(session, payload);
    }
  }

  /** A message over {@code max-message-size}. */
  void onTooLarge(NettyStreamSession session) {
    services.metrics.messageReceived();
    session.messagesIn++;
    services.protocol.onTooLarge(session, services.config.maxMessageSize());
  }
}
