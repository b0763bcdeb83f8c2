package io.incidentstream.streaming.ws;

import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.security.StreamPrincipal;
import java.time.Instant;

/**
 * One client connection on {@code /ws}. Thread-safe: any thread may send or close; delivery and
 * closing happen on the connection's own I/O thread.
 */
public interface StreamSession {

  String id();

  /** The client address the connection limits count against. */
  String clientAddress();

  Instant openedAt();

  /** Whether the session still accepts frames (false once closing has started). */
  boolean isOpen();

  /** Whether the underlying connection is still there (a closing session may still be). */
  boolean isConnected();

  /** Who holds the connection, as its token says: subject, roles, tenants, expiry. */
  StreamPrincipal principal();

  /**
   * Replaces the token after a valid {@code refresh} of the same subject: the new tenants apply at
   * once and the session now closes at the new token's expiry.
   */
  void renew(StreamPrincipal principal);

  /** Queues a control message; never blocks. */
  void send(ServerMessage message);

  /**
   * Queues a text frame of {@code text} as it is, like a control message; never blocks. For a
   * {@link SessionProtocol} other than the stream's, which sends {@link ServerMessage}s.
   */
  void sendText(String text);

  /** Queues a binary frame of {@code payload}, like a control message; never blocks. */
  void sendBinary(byte[] payload);

  /** Sends {@code closing}, then a close frame with {@code code}; idempotent. */
  void close(CloseCode code, String reason);

  /**
   * Forgets a session whose connection is gone: leaves the registry and the subscription index,
   * releases its queued buffers. Idempotent.
   */
  void release();

  /** Nanosecond timestamp ({@link System#nanoTime()}) of the last client frame. */
  long lastActivityNanos();

  /** Sends a WebSocket ping. */
  void ping();

  /** Frames queued and not yet written. */
  int pendingMessages();

  /** Fill level of the outbound queue, 0..1, whichever bound is closer. */
  double queueSaturation();
}
