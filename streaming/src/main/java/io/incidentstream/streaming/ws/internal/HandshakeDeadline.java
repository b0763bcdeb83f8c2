package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.metrics.StreamMetrics;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.ByteProcessor;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An absolute deadline on a connection's first request head: from the moment the connection is
 * accepted, the head of its first HTTP request (for {@code /ws}, the opening handshake) must have
 * arrived in full within the timeout, however the bytes trickle in. Past it the connection is
 * closed: with {@code 408 Request Timeout} if part of a head came, silently if nothing did. Once
 * the head is complete the handler leaves the pipeline, so a keep-alive connection is never
 * affected after its first request, and nothing stays behind per connection.
 *
 * <p>It sits first in the pipeline and looks for the empty line that ends the head (CRLF CRLF, or
 * bare LFs, which Netty's decoder accepts too; empty lines before the request line are skipped as
 * the decoder does). Under TLS terminated by this server it sees only ciphertext, so it steps
 * aside. Confined to the channel's event loop.
 */
final class HandshakeDeadline extends ChannelInboundHandlerAdapter implements ByteProcessor {

  /** Name of this handler in the pipeline. */
  static final String NAME = "incident-stream-handshake-deadline";

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeDeadline.class);

  private static final int NOTHING = 0;
  private static final int IN_LINE = 1;
  private static final int AFTER_LF = 2;
  private static final int AFTER_LF_CR = 3;

  private final long timeoutMillis;
  private final StreamMetrics metrics;
  private @Nullable ScheduledFuture<?> timer;
  private int state = NOTHING;
  private boolean received;

  HandshakeDeadline(long timeoutMillis, StreamMetrics metrics) {
    this.timeoutMillis = timeoutMillis;
    this.metrics = metrics;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    timer = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    cancel();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancel();
    ctx.fireChannelInactive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof ByteBuf bytes && (isTls(ctx) || headEnds(bytes))) {
      ctx.pipeline().remove(this);
    }
    ctx.fireChannelRead(msg);
  }

  private boolean isTls(ChannelHandlerContext ctx) {
    return !received && ctx.pipeline().get(SslHandler.class) != null;
  }

  private boolean headEnds(ByteBuf bytes) {
    received |= bytes.isReadable();
    return bytes.forEachByte(this) >= 0;
  }

  /** One byte of the head; false at the LF that ends it. */
  @Override
  public boolean process(byte value) {
    boolean lf = value == '\n';
    boolean cr = value == '\r';
    state =
        switch (state) {
          case NOTHING -> lf || cr ? NOTHING : IN_LINE;
          case IN_LINE -> lf ? AFTER_LF : IN_LINE;
          case AFTER_LF -> cr ? AFTER_LF_CR : lf ? -1 : IN_LINE;
          default -> lf ? -1 : IN_LINE;
        };
    return state >= 0;
  }

  private void expire(ChannelHandlerContext ctx) {
    timer = null;
    if (ctx.isRemoved() || !ctx.channel().isActive()) {
      return;
    }
    LOG.debug("{}: no complete request head within {} ms, closing", ctx.channel(), timeoutMillis);
    metrics.connectionError();
    if (!received) {
      ctx.close();
      return;
    }
    ctx.writeAndFlush(requestTimeout()).addListener(ChannelFutureListener.CLOSE);
  }

  private ByteBuf requestTimeout() {
    String body = "the request head did not arrive within " + timeoutMillis + " ms\n";
    String response =
        "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + body.length()
            + "\r\n\r\n"
            + body;
    return Unpooled.wrappedBuffer(response.getBytes(StandardCharsets.US_ASCII));
  }

  private void cancel() {
    ScheduledFuture<?> t = timer;
    if (t != null) {
      timer = null;
      t.cancel(false);
    }
  }
}
