package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.ws.CloseCode;
import io.incidentstream.streaming.ws.SessionStarter;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.netty.channel.ChannelHandlerContext;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a freshly upgraded Micronaut WebSocket into a {@link NettyStreamSession}: puts our frame
 * handler in front of Micronaut's, queues {@code welcome}, then registers it. Runs once per
 * connection, on its event loop; thread-safe.
 *
 * <p>Micronaut adds its own handler just before the HTTP inbound handler right after {@code
 * OnOpen}; ours goes there first, so it sees every frame (and Micronaut's handler none: its close
 * handling never answers the client's close frame, DESIGN section 10).
 */
@Singleton
final class SessionOpener implements SessionStarter {

  private static final Logger LOG = LoggerFactory.getLogger(SessionOpener.class);

  private final SessionServices services;
  private final HttpClientAddressResolver addressResolver;

  SessionOpener(SessionServices services, HttpClientAddressResolver addressResolver) {
    this.services = services;
    this.addressResolver = addressResolver;
  }

  @Override
  public void start(WebSocketSession webSocket, HttpRequest<?> request) {
    if (!(request instanceof NettyHttpRequest<?> nettyRequest)) {
      LOG.error("/ws upgrade without a Netty request; closing");
      webSocket.close(CloseReason.INTERNAL_ERROR);
      return;
    }
    ChannelHandlerContext inbound = nettyRequest.getChannelHandlerContext();
    NettyStreamSession session =
        new NettyStreamSession(
            UUID.randomUUID().toString(), inbound.channel(), clientAddress(request), services);
    StreamFrameHandler handler =
        new StreamFrameHandler(session, services.config.maxMessageSize(), services.metrics);
    try {
      inbound.pipeline().addBefore(inbound.name(), StreamFrameHandler.NAME, handler);
    } catch (RuntimeException e) {
      LOG.error("cannot install the /ws frame handler; closing", e);
      webSocket.close(new CloseReason(CloseCode.INTERNAL_ERROR.code(), "internal error"));
      return;
    }
    session.start();
  }

  private String clientAddress(HttpRequest<?> request) {
    String address = addressResolver.resolve(request);
    return address == null ? "unknown" : address;
  }
}
