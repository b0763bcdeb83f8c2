package io.incidentstream.perf.load;

import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A slow client: subscribes to every event, then reads one small chunk (about one event, see {@link
 * SlowReaders}) per interval and no more, so the server's queue for it fills, is shed, and the
 * server closes it. {@link #drain} makes it read everything left, to see how the server ended the
 * connection. Confined to its channel's event loop, except {@link #drain} and the getters.
 */
final class SlowReader extends SimpleChannelInboundHandler<WebSocketFrame> {

  private static final ProtocolCodec CODEC = new ProtocolCodec();
  private static final String SUBSCRIBE_ALL =
      new String(
          CODEC.encode(new ClientMessage.Subscribe("slow", SubscriptionFilters.NONE, null)),
          StandardCharsets.UTF_8);

  private final String source;
  private final Duration interval;
  private volatile boolean subscribed;
  private volatile long framesRead;
  private volatile @Nullable Integer closeCode;
  private volatile @Nullable String closingReason;
  private volatile @Nullable String ending;
  private @Nullable ChannelHandlerContext context;
  private @Nullable ScheduledFuture<?> ticker;

  SlowReader(String source, Duration interval) {
    this.source = source;
    this.interval = interval;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      end("handshake timed out");
      ctx.close();
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    framesRead++;
    if (frame instanceof CloseWebSocketFrame close) {
      closeCode = close.statusCode();
      end("close frame " + close.statusCode());
      ctx.writeAndFlush(new CloseWebSocketFrame(close.statusCode(), ""))
          .addListener(ChannelFutureListener.CLOSE);
    } else if (frame instanceof TextWebSocketFrame text && !subscribed) {
      onControl(ctx, text.content().toString(StandardCharsets.UTF_8));
    } else if (frame instanceof TextWebSocketFrame text && isClosing(text)) {
      onControl(ctx, text.content().toString(StandardCharsets.UTF_8));
    }
  }

  private static boolean isClosing(TextWebSocketFrame text) {
    return text.content().toString(StandardCharsets.US_ASCII).startsWith("{\"type\":\"closing\"");
  }

  private void onControl(ChannelHandlerContext ctx, String json) {
    Decoded<ServerMessage> decoded = CODEC.decodeServer(json);
    if (!(decoded instanceof Decoded.Ok<ServerMessage> ok)) {
      return;
    }
    ServerMessage message = ok.value();
    if (message instanceof ServerMessage.Welcome) {
      ctx.writeAndFlush(new TextWebSocketFrame(SUBSCRIBE_ALL));
    } else if (message instanceof ServerMessage.Subscribed) {
      subscribed = true;
      goSlow(ctx);
    } else if (message instanceof ServerMessage.Closing closing) {
      closingReason = closing.reason();
    }
  }

  /** From now on one read per interval. */
  private void goSlow(ChannelHandlerContext ctx) {
    ctx.channel().config().setAutoRead(false);
    long nanos = interval.toNanos();
    ticker = ctx.executor().scheduleAtFixedRate(ctx::read, nanos, nanos, TimeUnit.NANOSECONDS);
  }

  /** Reads everything left at full speed, to reach the server's close frame or FIN. */
  void drain() {
    ChannelHandlerContext ctx = context;
    if (ctx == null) {
      return;
    }
    ctx.executor()
        .execute(
            () -> {
              ScheduledFuture<?> t = ticker;
              if (t != null) {
                t.cancel(false);
              }
              ctx.channel().config().setAutoRead(true);
              ctx.read();
            });
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    end("TCP closed without a close frame");
    ScheduledFuture<?> t = ticker;
    if (t != null) {
      t.cancel(false);
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    end("error: " + Fleet.describe(cause));
    ctx.close();
  }

  private void end(String how) {
    if (ending == null) {
      ending = how;
    }
  }

  boolean ended() {
    return ending != null;
  }

  Report.SlowClient outcome() {
    String how = ending;
    return new Report.SlowClient(
        source, subscribed, framesRead, closeCode, closingReason, how == null ? "still open" : how);
  }
}
