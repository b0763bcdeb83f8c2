package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.ws.CloseCode;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes every WebSocket frame of one {@code /ws} connection before Micronaut's handler does:
 * reassembles fragmented messages under {@code max-message-size}, checks what RFC 6455 leaves to
 * the endpoint (UTF-8 of text messages, RSV bits, close codes) and fails the connection with 1002
 * or 1007 where it is broken, answers pings and close frames, resumes the writer when the channel
 * drains, and turns a server-side {@code channel.close()} (server shutdown) into {@code closing} +
 * 1001. Confined to the channel's event loop.
 */
final class StreamFrameHandler extends ChannelDuplexHandler {

  /** Name of this handler in the pipeline. */
  static final String NAME = "incident-stream-ws";

  /** Name Netty's handshaker gives the frame decoder. */
  private static final String NETTY_DECODER = "wsdecoder";

  private static final Logger LOG = LoggerFactory.getLogger(StreamFrameHandler.class);

  private final NettyStreamSession session;
  private final WebSocketDecoderConfig decoderConfig;
  private final int maxMessageSize;
  private final StreamMetrics metrics;
  private @Nullable CompositeByteBuf fragments;
  private boolean binaryFragments;
  private long fragmentBytes;
  private int utf8 = Utf8Scan.COMPLETE;

  /**
   * @param decoderConfig from {@link #decoderConfig}, made once and shared by every connection
   */
  StreamFrameHandler(
      NettyStreamSession session, WebSocketDecoderConfig decoderConfig, StreamMetrics metrics) {
    this.session = session;
    this.decoderConfig = decoderConfig;
    this.maxMessageSize = decoderConfig.maxFramePayloadLength();
    this.metrics = metrics;
  }

  /**
   * What our frame decoder accepts: masked client frames up to {@code maxMessageSize}; a frame past
   * it, or a protocol violation, is reported to us rather than closing the connection (Netty's own
   * close would skip {@code closing} and, for most violations, the right code). RSV bits only when
   * an extension may be negotiated ({@code stream.compression}); whatever RSV bit the extension
   * does not consume still fails the connection here ({@link #onFrame}).
   */
  static WebSocketDecoderConfig decoderConfig(int maxMessageSize, boolean extensions) {
    return WebSocketDecoderConfig.newBuilder()
        .expectMaskedFrames(true)
        .allowExtensions(extensions)
        .maxFramePayloadLength(maxMessageSize)
        .closeOnProtocolViolation(false)
        .build();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    replaceFrameDecoder(ctx);
    removeIdleStateHandler(ctx);
    session.attach(ctx);
  }

  /**
   * Netty's decoder closes with 1009 on its own when a frame passes its limit; ours reports the
   * oversized frame to us instead (at the header, before buffering it) so the client gets {@code
   * MESSAGE_TOO_LARGE} and {@code closing} first.
   */
  private void replaceFrameDecoder(ChannelHandlerContext ctx) {
    if (ctx.pipeline().get(NETTY_DECODER) == null) {
      LOG.warn("no '{}' in the /ws pipeline: Netty's own frame limit applies", NETTY_DECODER);
      return;
    }
    ctx.pipeline()
        .replace(NETTY_DECODER, NETTY_DECODER, new WebSocket13FrameDecoder(decoderConfig));
  }

  /** Idle detection is ours (4000 after {@code closing}); Netty's would close with 1001. */
  private static void removeIdleStateHandler(ChannelHandlerContext ctx) {
    ChannelHandler idle = ctx.pipeline().get(IdleStateHandler.class);
    if (idle != null) {
      ctx.pipeline().remove(idle);
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      ctx.fireChannelRead(msg);
      return;
    }
    try {
      session.touch(frame instanceof PongWebSocketFrame);
      onFrame(ctx, frame);
    } finally {
      ReferenceCountUtil.release(frame);
    }
  }

  private void onFrame(ChannelHandlerContext ctx, WebSocketFrame frame) {
    if (frame.rsv() != 0) {
      fail(CloseCode.PROTOCOL_ERROR, "RSV bits set without a negotiated extension");
    } else if (frame instanceof TextWebSocketFrame text) {
      onText(ctx, text);
    } else if (frame instanceof ContinuationWebSocketFrame continuation) {
      onContinuation(continuation);
    } else if (frame instanceof BinaryWebSocketFrame binary) {
      onBinary(ctx, binary);
    } else if (frame instanceof PingWebSocketFrame) {
      ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()), ctx.voidPromise());
    } else if (frame instanceof CloseWebSocketFrame close) {
      onClose(close);
    }
    // PongWebSocketFrame: activity only (touch above)
  }

  /**
   * The client's close frame. Netty's decoder has checked its length (not 1) and the UTF-8 of its
   * reason (1007); the code must be one an endpoint may send (RFC 6455 section 7.4).
   */
  private void onClose(CloseWebSocketFrame close) {
    int code = close.statusCode();
    if (code >= 0 && !isSendableCloseCode(code)) {
      fail(CloseCode.PROTOCOL_ERROR, "close code " + code + " may not be sent");
      return;
    }
    releaseFragments();
    session.onCloseFrame(code, close.reasonText());
  }

  /**
   * The codes a close frame may carry (RFC 6455 section 7.4): the defined ones, without the three
   * reserved for the API (1005, 1006, 1015) and 1004, those registered with IANA since (1012-1014),
   * and the ranges for libraries (3000-3999) and applications (4000-4999).
   */
  static boolean isSendableCloseCode(int code) {
    return (code >= 1000 && code <= 1003)
        || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }

  private void onText(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
    onFirstFragment(ctx, frame, false);
  }

  private void onBinary(ChannelHandlerContext ctx, BinaryWebSocketFrame frame) {
    onFirstFragment(ctx, frame, true);
  }

  /** A text or binary frame: a whole message, or the first fragment of one. */
  private void onFirstFragment(ChannelHandlerContext ctx, WebSocketFrame frame, boolean binary) {
    releaseFragments();
    if (!binary && !checkUtf8(frame.content(), frame.isFinalFragment())) {
      return;
    }
    if (frame.isFinalFragment()) {
      deliver(frame.content(), binary);
      return;
    }
    fragments = ctx.alloc().compositeBuffer(1024);
    binaryFragments = binary;
    appendFragment(frame.content());
  }

  /**
   * Carries the text message's UTF-8 check over one more fragment; false (and the connection failed
   * with 1007) at the first fragment that cannot be UTF-8, or at a last one that ends inside a
   * character.
   */
  private boolean checkUtf8(ByteBuf content, boolean last) {
    utf8 = Utf8Scan.scan(content, utf8);
    if (utf8 == Utf8Scan.INVALID || (last && utf8 != Utf8Scan.COMPLETE)) {
      fail(CloseCode.INVALID_PAYLOAD, "a text message that is not UTF-8");
      return false;
    }
    return true;
  }

  private void onContinuation(ContinuationWebSocketFrame frame) {
    if (fragments == null) {
      return;
    }
    if (!binaryFragments && !checkUtf8(frame.content(), frame.isFinalFragment())) {
      return;
    }
    if (!appendFragment(frame.content()) || !frame.isFinalFragment()) {
      return;
    }
    CompositeByteBuf message = fragments;
    boolean binary = binaryFragments;
    fragments = null;
    releaseFragments();
    try {
      deliver(message, binary);
    } finally {
      message.release();
    }
  }

  private void deliver(ByteBuf message, boolean binary) {
    if (binary) {
      session.onBinary(ByteBufUtil.getBytes(message));
    } else {
      session.onText(message.toString(StandardCharsets.UTF_8));
    }
  }

  /** Adds a fragment; false (and MESSAGE_TOO_LARGE) once the message passes the limit. */
  private boolean appendFragment(ByteBuf content) {
    fragmentBytes += content.readableBytes();
    if (fragmentBytes > maxMessageSize) {
      releaseFragments();
      session.onTooLarge();
      return false;
    }
    if (fragments != null) {
      fragments.addComponent(true, content.retain());
    }
    return true;
  }

  private void releaseFragments() {
    if (fragments != null) {
      fragments.release();
      fragments = null;
    }
    binaryFragments = false;
    fragmentBytes = 0;
    utf8 = Utf8Scan.COMPLETE;
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (ctx.channel().isWritable()) {
      session.onWritable();
    }
    ctx.fireChannelWritabilityChanged();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    releaseFragments();
    session.cleanup();
    ctx.fireChannelInactive();
  }

  /**
   * The pipeline is being torn down: only now does the session leave the registry, which the
   * shutdown drain waits on, so nothing of this connection still runs when the context stops.
   */
  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    releaseFragments();
    session.cleanup();
    session.unregister();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof CorruptedWebSocketFrameException corrupted) {
      onCorruptFrame(corrupted);
      return;
    }
    if (isFailedWrite(cause)) {
      LOG.debug("{}: socket write failed: {}", session, cause.toString());
      metrics.sendFailed(1);
      session.closeChannel();
      return;
    }
    if (cause instanceof IOException) {
      LOG.debug("{}: connection error: {}", session, cause.toString());
      metrics.connectionError();
      session.closeChannel();
      return;
    }
    LOG.warn("{}: unexpected error, closing", session, cause);
    metrics.internalError();
    session.close(CloseCode.INTERNAL_ERROR, CloseCode.INTERNAL_ERROR.reason());
  }

  /**
   * A write that failed: frames go out with the void promise (no allocation per frame), whose
   * failure arrives here. A closed channel and EPIPE ("Broken pipe") only ever come from writing;
   * other I/O errors (a reset seen while reading) are connection errors.
   */
  static boolean isFailedWrite(Throwable cause) {
    if (cause instanceof ClosedChannelException) {
      return true;
    }
    String message = cause.getMessage();
    return cause instanceof IOException && message != null && message.contains("Broken pipe");
  }

  /**
   * Netty's decoder found a frame it cannot pass on: too large (at its header, before reading the
   * payload) or against RFC 6455. Either way it now discards every byte the client sends, so the
   * client's close frame will never be read: ours goes out, then TCP.
   */
  private void onCorruptFrame(CorruptedWebSocketFrameException corrupted) {
    releaseFragments();
    int status = corrupted.closeStatus().code();
    if (status == WebSocketCloseStatus.MESSAGE_TOO_BIG.code()) {
      session.stopReading();
      session.onTooLarge();
      return;
    }
    CloseCode code =
        status == WebSocketCloseStatus.INVALID_PAYLOAD_DATA.code()
            ? CloseCode.INVALID_PAYLOAD
            : CloseCode.PROTOCOL_ERROR;
    fail(code, String.valueOf(corrupted.getMessage()));
  }

  /**
   * Fails the connection (RFC 6455 section 7.1.7): {@code closing} and the close frame with {@code
   * code}, then TCP, without waiting for the client's close frame.
   */
  private void fail(CloseCode code, String detail) {
    releaseFragments();
    LOG.debug("{}: failing the connection with {}: {}", session, code.code(), detail);
    metrics.connectionError();
    session.fail(code);
  }

  /**
   * Micronaut closes every WebSocket channel when the server stops; we turn that into the graceful
   * close ({@code closing}, then 1001) and complete the caller's promise when TCP is gone. A close
   * already under way (the shutdown drain may start it first) is left to finish its handshake: the
   * session drops TCP itself, through its own context, which bypasses this method.
   */
  @Override
  public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
    if (!ctx.channel().isActive()) {
      ctx.close(promise);
      return;
    }
    session.close(CloseCode.GOING_AWAY, CloseCode.GOING_AWAY.reason());
    ctx.channel().closeFuture().addListener(f -> promise.trySuccess());
  }
}
