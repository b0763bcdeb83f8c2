package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.limits.RateLimiter;

/**
 * What a connection's client sends: every frame counts as activity (for the idle timeout; all but
 * pongs for the heartbeat); complete messages go through the rate limit to the protocol handler
 * while the connection is open. Event loop only, apart from the activity times, which any thread
 * may read.
 */
final class InboundMessages {

  private final NettyStreamSession session;
  private final SessionServices services;
  private final RateLimiter rateLimiter;
  private volatile long lastActivityNanos = System.nanoTime();
  private volatile long lastClientFrameNanos = lastActivityNanos;
  private int messagesIn;

  InboundMessages(NettyStreamSession session, SessionServices services) {
    this.session = session;
    this.services = services;
    this.rateLimiter = new RateLimiter(services.config.maxMessagesPerSecond(), System.nanoTime());
  }

  long lastActivityNanos() {
    return lastActivityNanos;
  }

  long lastClientFrameNanos() {
    return lastClientFrameNanos;
  }

  /** Complete messages received (racy read from other threads; wraps after 2^32). */
  long messagesIn() {
    return Integer.toUnsignedLong(messagesIn);
  }

  /**
   * Any client frame: activity for the idle timeout; unless it is a pong (which answers our ping),
   * also a sign of life that makes the next heartbeat ping unnecessary.
   */
  void touch(boolean pong) {
    long now = System.nanoTime();
    lastActivityNanos = now;
    if (!pong) {
      lastClientFrameNanos = now;
    }
  }

  /** A complete text message. */
  void onText(String text) {
    services.metrics.messageReceived();
    messagesIn++;
    if (session.isOpen()) {
      services.protocol.onText(session, rateLimiter, text);
    }
  }

  /** A complete binary message. */
  void onBinary() {
    services.metrics.messageReceived();
    messagesIn++;
    if (session.isOpen()) {
      services.protocol.onBinary(session);
    }
  }

  /** A message over {@code max-message-size}. */
  void onTooLarge() {
    services.metrics.messageReceived();
    messagesIn++;
    services.protocol.onTooLarge(session, services.config.maxMessageSize());
  }
}
