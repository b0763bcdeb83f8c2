package io.incidentstream.perf.load;

import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * One load connection after the WebSocket handshake: waits for {@code welcome}, subscribes, waits
 * for {@code subscribed}, then counts every {@code event} frame through {@link Deliveries}. Event
 * frames are recognised by their first bytes and read by {@link Stamp} without decoding; control
 * frames are decoded by the domain codec. Confined to its channel's event loop, except {@link
 * #close}, which hands over to it.
 */
final class Subscriber extends SimpleChannelInboundHandler<WebSocketFrame> {

  private static final ProtocolCodec CODEC = new ProtocolCodec();
  private static final ByteBuf EVENT_START =
      Unpooled.unreleasableBuffer(
          Unpooled.wrappedBuffer("{\"type\":\"event\"".getBytes(StandardCharsets.US_ASCII)));
  private static final long FORCE_CLOSE_SECONDS = 10;

  private enum State {
    HANDSHAKING,
    AWAIT_WELCOME,
    AWAIT_SUBSCRIBED,
    READY,
    CLOSING,
    DONE
  }

  private final FilterMix.Assignment assignment;
  private final String subscribe;
  private final Deliveries deliveries;
  private final Fleet.Tally tally;
  private final Stamp stamp = new Stamp();
  private State state = State.HANDSHAKING;
  private @Nullable ChannelHandlerContext context;

  Subscriber(
      FilterMix.Assignment assignment, String subscribe, Deliveries deliveries, Fleet.Tally tally) {
    this.assignment = assignment;
    this.subscribe = subscribe;
    this.deliveries = deliveries;
    this.tally = tally;
  }

  FilterMix.Assignment assignment() {
    return assignment;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    context = ctx;
  }

  /** Gives up on a connection that is not subscribed within {@code seconds}. */
  void failUnlessReadyWithin(long seconds) {
    ChannelHandlerContext ctx = context;
    if (ctx != null) {
      ctx.executor().schedule(this::failIfNotReady, seconds, TimeUnit.SECONDS);
    }
  }

  private void failIfNotReady() {
    if (state.compareTo(State.READY) < 0) {
      fail("no " + expecting() + " within the subscribe timeout");
    }
  }

  /** The connection could not be opened at all. */
  void connectFailed(Throwable cause) {
    fail("connect: " + Fleet.describe(cause));
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
    if (event == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE && state == State.HANDSHAKING) {
      state = State.AWAIT_WELCOME;
    } else if (event == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
      fail("handshake timed out");
    }
    ctx.fireUserEventTriggered(event);
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame instanceof TextWebSocketFrame text) {
      onText(ctx, text.content());
    } else if (frame instanceof CloseWebSocketFrame close) {
      onClose(ctx, close.statusCode(), close.reasonText());
    }
  }

  private void onText(ChannelHandlerContext ctx, ByteBuf content) {
    if (state.compareTo(State.READY) >= 0 && isEvent(content)) {
      deliveries.onEvent(stamp.read(content), stamp, assignment.group());
      return;
    }
    Decoded<ServerMessage> decoded = CODEC.decodeServer(content.toString(StandardCharsets.UTF_8));
    if (!(decoded instanceof Decoded.Ok<ServerMessage> ok)) {
      fail("undecodable frame: " + ((Decoded.Failed<ServerMessage>) decoded).describe());
      return;
    }
    onMessage(ctx, ok.value());
  }

  private void onMessage(ChannelHandlerContext ctx, ServerMessage message) {
    if (message instanceof ServerMessage.Closing closing) {
      tally.closing(closing.reason());
    } else if (message instanceof ServerMessage.Welcome && state == State.AWAIT_WELCOME) {
      state = State.AWAIT_SUBSCRIBED;
      ctx.writeAndFlush(new TextWebSocketFrame(subscribe));
    } else if (message instanceof ServerMessage.Subscribed && state == State.AWAIT_SUBSCRIBED) {
      state = State.READY;
      tally.ready(this);
    } else if (message instanceof ServerMessage.Error error) {
      if (state.compareTo(State.READY) < 0) {
        fail("error " + error.code() + ": " + error.message());
      } else {
        tally.serverError(error.code().name());
      }
    } else if (state.compareTo(State.READY) < 0) {
      fail(
          "unexpected " + message.getClass().getSimpleName() + " while waiting for " + expecting());
    }
  }

  private void onClose(ChannelHandlerContext ctx, int code, String reason) {
    if (state == State.CLOSING) {
      tally.closedCleanly(code);
    } else if (state == State.READY) {
      tally.closedByServer(code + (reason.isEmpty() ? "" : " " + reason));
    } else {
      fail("closed by the server with " + code + " " + reason);
    }
    state = State.DONE;
    ctx.writeAndFlush(new CloseWebSocketFrame(code, "")).addListener(ChannelFutureListener.CLOSE);
  }

  /** Starts the close handshake (code 1000); the channel closes when the server answers. */
  void close() {
    ChannelHandlerContext ctx = context;
    if (ctx == null) {
      return;
    }
    ctx.executor()
        .execute(
            () -> {
              if (state != State.READY) {
                return;
              }
              state = State.CLOSING;
              ctx.writeAndFlush(new CloseWebSocketFrame(1000, "load run done"));
              ctx.executor().schedule(() -> forceClose(ctx), FORCE_CLOSE_SECONDS, TimeUnit.SECONDS);
            });
  }

  private void forceClose(ChannelHandlerContext ctx) {
    if (state == State.CLOSING) {
      state = State.DONE;
      tally.closeUnanswered();
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (state.compareTo(State.READY) < 0) {
      fail("connection closed while waiting for " + expecting());
    } else if (state == State.READY) {
      tally.closedByServer("TCP closed without a close frame");
    } else if (state == State.CLOSING) {
      tally.closeUnanswered();
    }
    state = State.DONE;
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (state.compareTo(State.READY) < 0) {
      fail(Fleet.describe(cause));
    } else {
      tally.error(Fleet.describe(cause));
      ctx.close();
    }
  }

  private void fail(String reason) {
    if (state.compareTo(State.READY) >= 0) {
      return;
    }
    state = State.DONE;
    tally.failed(reason);
    ChannelHandlerContext ctx = context;
    if (ctx != null) {
      ctx.close();
    }
  }

  private String expecting() {
    return switch (state) {
      case HANDSHAKING -> "the handshake";
      case AWAIT_WELCOME -> "welcome";
      default -> "subscribed";
    };
  }

  private static boolean isEvent(ByteBuf content) {
    int length = EVENT_START.readableBytes();
    return content.readableBytes() >= length
        && ByteBufUtil.equals(content, content.readerIndex(), EVENT_START, 0, length);
  }
}
