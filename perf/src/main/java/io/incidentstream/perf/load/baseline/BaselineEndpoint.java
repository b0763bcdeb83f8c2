package io.incidentstream.perf.load.baseline;

import io.incidentstream.domain.filter.FilterCompiler;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ErrorCode;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import io.micronaut.websocket.WebSocketSession;
import io.micronaut.websocket.annotation.OnClose;
import io.micronaut.websocket.annotation.OnMessage;
import io.micronaut.websocket.annotation.OnOpen;
import io.micronaut.websocket.annotation.ServerWebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * The baseline's {@code /ws}: {@code welcome} on open, {@code subscribe} compiled by the domain's
 * {@link FilterCompiler} and answered with {@code subscribed}; the same wire format as ours, so the
 * load generator cannot tell them apart. Stateless apart from {@link BaselineSubscriptions}.
 */
@ServerWebSocket("/ws")
public final class BaselineEndpoint {

  private static final long HEARTBEAT_MS = 30_000;

  /** The baseline keeps no history, so its epoch never matters: one fixed name. */
  private static final String EPOCH = "baseline:0";

  private final ProtocolCodec codec = new ProtocolCodec();
  private final BaselineSubscriptions subscriptions;

  BaselineEndpoint(BaselineSubscriptions subscriptions) {
    this.subscriptions = subscriptions;
  }

  @OnOpen
  public void onOpen(WebSocketSession session) {
    send(
        session,
        new ServerMessage.Welcome(session.getId(), Instant.now(), "baseline", HEARTBEAT_MS, EPOCH));
  }

  @OnMessage
  public void onMessage(String text, WebSocketSession session) {
    Decoded<ClientMessage> decoded = codec.decodeClient(text);
    if (decoded instanceof Decoded.Failed<ClientMessage> failed) {
      send(session, ServerMessage.Error.invalidMessage(failed.describe()));
    } else if (((Decoded.Ok<ClientMessage>) decoded).value()
        instanceof ClientMessage.Subscribe subscribe) {
      subscriptions.put(session, FilterCompiler.compile(subscribe.filters()));
      send(
          session,
          new ServerMessage.Subscribed(
              subscribe.subscriptionId(), subscribe.filters(), null, EPOCH));
    } else {
      send(session, new ServerMessage.Error(ErrorCode.UNSUPPORTED, "the baseline only subscribes"));
    }
  }

  @OnClose
  public void onClose(WebSocketSession session) {
    subscriptions.remove(session);
  }

  private void send(WebSocketSession session, ServerMessage message) {
    session.sendAsync(new String(codec.encode(message), StandardCharsets.UTF_8));
  }
}
