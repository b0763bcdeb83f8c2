package io.incidentstream.streaming.ws;

import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.limits.RateLimiter;
import org.jspecify.annotations.Nullable;

/**
 * The application a {@code /ws} connection speaks over its transport. The transport (the frame
 * handler, the size limit, the outbound queue, the close handshake) hands it every complete client
 * message, reassembled and size-checked, and asks it what to say first and before a close frame of
 * its own. Production: the stream protocol ({@link ProtocolHandler}). A test configuration may put
 * another in its place, such as an echo for the RFC 6455 conformance run, which then runs on the
 * production transport. One instance serves every connection; each call is for one session, on that
 * session's I/O thread.
 */
public interface SessionProtocol {

  /**
   * The connection is open and nothing of the client's has been handled yet.
   *
   * @param welcome the stream's greeting for this session, for a protocol that sends one
   */
  void onOpen(StreamSession session, ServerMessage.Welcome welcome);

  /**
   * A complete text message.
   *
   * @param limiter the session's inbound rate limit, for a protocol that applies one
   */
  <S extends StreamSession & Recipient> void onText(S session, RateLimiter limiter, String text);

  /** A complete binary message; the array is the protocol's. */
  void onBinary(StreamSession session, byte[] payload);

  /**
   * A message over {@code max-message-size}; the protocol closes the connection (1009), the
   * transport has already dropped the message.
   */
  void onTooLarge(StreamSession session, int maxMessageSize);

  /**
   * What goes out before a close frame the server sends: the stream protocol's {@code closing};
   * null for nothing.
   */
  @Nullable ServerMessage farewell(String reason);
}
