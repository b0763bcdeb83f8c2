package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.security.StreamPrincipal;
import io.incidentstream.streaming.ws.CloseCode;
import io.incidentstream.streaming.ws.SessionStarter;
import io.micronaut.context.BeanProvider;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.netty.websocket.NettyWebSocketSession;
import io.micronaut.http.netty.websocket.WebSocketSessionRepository;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.http.server.netty.websocket.NettyServerWebSocketHandler;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import io.micronaut.websocket.CloseReason;
import io.micronaut.websocket.WebSocketSession;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;
import java.util.UUID;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a freshly upgraded Micronaut WebSocket into a {@link NettyStreamSession}: puts our frame
 * handler in front of Micronaut's, queues {@code welcome}, registers the session, then takes
 * Micronaut's WebSocket handler out of the pipeline. Micronaut keeps doing the upgrade itself
 * (routing, filters, the connection limits' HTTP 503, the handshake); what it would keep
 * afterwards, we let go. Runs once per connection, from {@code OnOpen}; thread-safe.
 */
@Singleton
final class SessionOpener implements SessionStarter {

  private static final Logger LOG = LoggerFactory.getLogger(SessionOpener.class);

  private final SessionServices services;
  private final HttpClientAddressResolver addressResolver;
  private final BeanProvider<WebSocketSessionRepository> webSocketChannels;

  SessionOpener(
      SessionServices services,
      HttpClientAddressResolver addressResolver,
      BeanProvider<WebSocketSessionRepository> webSocketChannels) {
    this.services = services;
    this.addressResolver = addressResolver;
    this.webSocketChannels = webSocketChannels;
  }

  @Override
  public void start(WebSocketSession webSocket, HttpRequest<?> request) {
    if (!(request instanceof NettyHttpRequest<?> nettyRequest)) {
      LOG.error("/ws upgrade without a Netty request; closing");
      webSocket.close(CloseReason.INTERNAL_ERROR);
      return;
    }
    StreamPrincipal principal =
        request
            .getAttribute(StreamPrincipal.HANDSHAKE_ATTRIBUTE, StreamPrincipal.class)
            .orElse(null);
    if (principal == null) {
      LOG.error("/ws upgrade that the handshake filter did not admit; closing");
      webSocket.close(new CloseReason(CloseCode.POLICY.code(), "not authenticated"));
      return;
    }
    ChannelHandlerContext http = nettyRequest.getChannelHandlerContext();
    NettyStreamSession session =
        new NettyStreamSession(
            UUID.randomUUID().toString(),
            http.channel(),
            http.channel().eventLoop(),
            clientAddress(request),
            principal,
            services);
    session.userAgent(services.userAgents.share(request.getHeaders().get(HttpHeaders.USER_AGENT)));
    StreamFrameHandler handler =
        new StreamFrameHandler(session, services.frameDecoderConfig, services.metrics);
    try {
      installFrameHandler(http, handler);
    } catch (RuntimeException e) {
      LOG.error("cannot install the /ws frame handler; closing", e);
      webSocket.close(new CloseReason(CloseCode.INTERNAL_ERROR.code(), "internal error"));
      return;
    }
    session.start();
  }

  /**
   * {@code OnOpen} runs inside Micronaut's upgrade, which then adds its WebSocket handler just
   * before the HTTP handler ({@code http}) and removes the HTTP handler by name. Ours goes in front
   * of both, so it sees every frame (and Micronaut's handler none: its close handling never answers
   * the client's close frame, DESIGN section 10).
   *
   * <p>Micronaut's connection keeps its HTTP handler after the upgrade (for graceful shutdown), and
   * a removed handler keeps pointing at its old neighbours. Removed by Micronaut, it would point at
   * Micronaut's WebSocket handler and keep that, the upgrade request, its headers and its route
   * match alive for as long as the connection lives (about 3 KB). So we remove it here, while its
   * neighbour is our handler, and leave a stand-in under its name for Micronaut to remove instead.
   */
  private void installFrameHandler(ChannelHandlerContext http, StreamFrameHandler handler) {
    ChannelPipeline pipeline = http.pipeline();
    String httpName = http.name();
    ChannelHandler httpHandler = http.handler();
    pipeline.addBefore(httpName, StreamFrameHandler.NAME, handler);
    pipeline.remove(httpHandler);
    pipeline.addAfter(
        StreamFrameHandler.NAME,
        httpName,
        new StandIn(channel -> detachMicronautHandler(channel, httpHandler)));
  }

  /**
   * Runs on the event loop once Micronaut's upgrade is over. Micronaut's WebSocket handler would
   * handle nothing but holds the upgrade request and its own session: take it out. That publishes
   * Micronaut's {@code WebSocketSessionClosedEvent} and takes the channel out of Micronaut's
   * WebSocket channel group; the channel goes back in, so that stopping the server still closes it
   * (our frame handler turns that into {@code closing} + 1001). Micronaut's HTTP handler, which its
   * connection record keeps, forgets the upgrade too ({@link UpgradeLeftovers}).
   */
  private void detachMicronautHandler(Channel channel, ChannelHandler httpHandler) {
    UpgradeLeftovers.release(httpHandler);
    ChannelPipeline pipeline = channel.pipeline();
    if (pipeline.get(NettyServerWebSocketHandler.ID) == null) {
      return;
    }
    pipeline.remove(NettyServerWebSocketHandler.ID);
    channel.attr(NettyWebSocketSession.WEB_SOCKET_SESSION_KEY).getAndRemove();
    if (channel.isActive()) {
      webSocketChannels.get().addChannel(channel);
    }
  }

  private String clientAddress(HttpRequest<?> request) {
    String address = addressResolver.resolve(request);
    return address == null ? "unknown" : address;
  }

  /**
   * Holds the HTTP handler's name until Micronaut's upgrade removes it, which Micronaut does right
   * after adding its WebSocket handler; then {@code afterUpgrade} runs as the next task of the
   * event loop, whichever thread Micronaut's upgrade ran on. Confined to the channel's event loop.
   */
  private static final class StandIn extends ChannelHandlerAdapter {

    private final Consumer<Channel> afterUpgrade;

    StandIn(Consumer<Channel> afterUpgrade) {
      this.afterUpgrade = afterUpgrade;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
      Channel channel = ctx.channel();
      try {
        ctx.executor().execute(() -> afterUpgrade.accept(channel));
      } catch (RejectedExecutionException loopGone) {
        LOG.debug("event loop gone before the /ws upgrade finished: {}", loopGone.toString());
      }
    }
  }
}
