package io.incidentstream.conformance;

import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.limits.RateLimiter;
import io.incidentstream.streaming.ws.CloseCode;
import io.incidentstream.streaming.ws.ProtocolHandler;
import io.incidentstream.streaming.ws.SessionProtocol;
import io.incidentstream.streaming.ws.StreamSession;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import org.jspecify.annotations.Nullable;

/**
 * An echo on {@code /ws}, for the Autobahn fuzzing client: every complete message goes back as it
 * came (text as text, binary as binary); nothing is said first and nothing before a close of the
 * server's own, so what the client sees is the transport's doing alone. Exists only in the test
 * sources of this module and only in environment {@value AutobahnServer#ENVIRONMENT}. Stateless.
 */
@Singleton
@Replaces(ProtocolHandler.class)
@Requires(env = AutobahnServer.ENVIRONMENT)
final class EchoProtocol implements SessionProtocol {

  @Override
  public void onOpen(StreamSession session, ServerMessage.Welcome welcome) {}

  @Override
  public <S extends StreamSession & Recipient> void onText(
      S session, RateLimiter limiter, String text) {
    session.sendText(text);
  }

  @Override
  public void onBinary(StreamSession session, byte[] payload) {
    session.sendBinary(payload);
  }

  @Override
  public void onTooLarge(StreamSession session, int maxMessageSize) {
    session.close(CloseCode.MESSAGE_TOO_LARGE, CloseCode.MESSAGE_TOO_LARGE.reason());
  }

  @Override
  public @Nullable ServerMessage farewell(String reason) {
    return null;
  }
}
