package io.incidentstream.streaming.ws;

import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ErrorCode;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.limits.RateLimiter;
import jakarta.inject.Singleton;
import org.jspecify.annotations.Nullable;

/**
 * The client side of the {@code /ws} protocol (DESIGN section 3): rate limit, decode, act, reply.
 * Stateless and thread-safe; each call is for one session on that session's thread.
 */
@Singleton
public class ProtocolHandler implements SessionProtocol {

  /** Rate-limit violations in one streak that close the connection with 4029. */
  public static final int MAX_RATE_VIOLATIONS = 10;

  private final ProtocolCodec codec = new ProtocolCodec();
  private final SubscriptionService subscriptions;
  private final TokenRefresh refresh;

  public ProtocolHandler(SubscriptionService subscriptions, TokenRefresh refresh) {
    this.subscriptions = subscriptions;
    this.refresh = refresh;
  }

  /** Greets the client: {@code welcome} is always the first frame. */
  @Override
  public void onOpen(StreamSession session, ServerMessage.Welcome welcome) {
    session.send(welcome);
  }

  /** Handles one complete text message from the client. */
  @Override
  public <S extends StreamSession & Recipient> void onText(
      S session, RateLimiter limiter, String text) {
    long now = System.nanoTime();
    if (!limiter.tryAcquire(now)) {
      rejectRateLimited(session, limiter.recordViolation(now));
      return;
    }
    Decoded<ClientMessage> decoded = codec.decodeClient(text);
    if (decoded instanceof Decoded.Failed<ClientMessage> failed) {
      session.send(failed.toError());
      return;
    }
    act(session, ((Decoded.Ok<ClientMessage>) decoded).value());
  }

  /** Answers a binary message, which the protocol does not use. */
  @Override
  public void onBinary(StreamSession session, byte[] payload) {
    session.send(
        new ServerMessage.Error(
            ErrorCode.UNSUPPORTED, "Binary frames are not supported; send JSON text frames"));
  }

  /** Answers a message over {@code max-message-size} and closes with 1009. */
  @Override
  public void onTooLarge(StreamSession session, int maxMessageSize) {
    session.send(
        new ServerMessage.Error(
            ErrorCode.MESSAGE_TOO_LARGE,
            "Message exceeds the maximum size of " + maxMessageSize + " bytes"));
    session.close(CloseCode.MESSAGE_TOO_LARGE, CloseCode.MESSAGE_TOO_LARGE.reason());
  }

  /** Every server-initiated close sends {@code closing} {reason} first. */
  @Override
  public @Nullable ServerMessage farewell(String reason) {
    return new ServerMessage.Closing(reason);
  }

  private <S extends StreamSession & Recipient> void act(S session, ClientMessage message) {
    if (message instanceof ClientMessage.Subscribe subscribe) {
      subscriptions.subscribe(session, subscribe);
    } else if (message instanceof ClientMessage.Unsubscribe unsubscribe) {
      subscriptions.unsubscribe(session, unsubscribe.subscriptionId());
    } else if (message instanceof ClientMessage.Ping ping) {
      session.send(new ServerMessage.Pong(ping.timestamp()));
    } else if (message instanceof ClientMessage.Refresh renewal) {
      refresh.refresh(session, renewal.token());
    }
    // ack: activity only
  }

  private void rejectRateLimited(StreamSession session, int violations) {
    session.send(
        new ServerMessage.Error(
            ErrorCode.RATE_LIMITED, "Too many messages; slow down and retry later"));
    if (violations >= MAX_RATE_VIOLATIONS) {
      session.close(CloseCode.TOO_MANY_VIOLATIONS, CloseCode.TOO_MANY_VIOLATIONS.reason());
    }
  }
}
