package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.ws.CloseCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's close handshake (RFC 6455 section 5.5.1), both ways. Closing ourselves: queue
 * {@code closing} and the close frame behind what may still go out, then wait for the client's
 * close frame, at most {@link #CLOSE_HANDSHAKE_TIMEOUT}, before dropping TCP. Closed by the client:
 * answer its close frame with one echoing its code, then drop TCP. Any thread may start a close;
 * frames are written and received on the channel's event loop, and the flags are confined to it.
 */
final class CloseHandshake {

  private static final Logger LOG = LoggerFactory.getLogger(CloseHandshake.class);

  /** How long a closing connection waits for the client's close frame before dropping TCP. */
  static final Duration CLOSE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);

  private final NettyStreamSession session;
  private final Channel channel;
  private final OutboundQueue queue;
  private final SessionServices services;
  private volatile @Nullable Integer closeCode;
  private volatile @Nullable String closeReason;
  private boolean closeFrameSent;
  private boolean closeFrameReceived;

  CloseHandshake(
      NettyStreamSession session, Channel channel, OutboundQueue queue, SessionServices services) {
    this.session = session;
    this.channel = channel;
    this.queue = queue;
    this.services = services;
  }

  /** The code the connection closed with (ours or the client's), or null (none yet, or none). */
  @Nullable Integer closeCode() {
    return closeCode;
  }

  /** The reason that went with {@link #closeCode}, or null. */
  @Nullable String closeReason() {
    return closeReason;
  }

  /**
   * Starts our close. A shutdown close (1001) waits for the events already handed to fan-out, and
   * then for those fan-out already handed to the event loop, so they go out before {@code closing};
   * every other close discards what is queued and goes at once.
   */
  void close(CloseCode code, String reason) {
    if (code == CloseCode.GOING_AWAY) {
      services.subscriptions.afterPendingEvents(() -> onLoop(() -> closeNow(code, reason)));
    } else {
      closeNow(code, reason);
    }
  }

  /** Runs {@code task} after every task already queued on the event loop (or now if it is gone). */
  private void onLoop(Runnable task) {
    try {
      channel.eventLoop().execute(task);
    } catch (RejectedExecutionException loopGone) {
      task.run();
    }
  }

  private void closeNow(CloseCode code, String reason) {
    if (!session.beginClosing()) {
      return;
    }
    closeCode = code.code();
    closeReason = reason;
    boolean flushPending = code == CloseCode.GOING_AWAY;
    queue.terminate(
        !flushPending,
        code == CloseCode.SLOW_CONSUMER,
        services.frames.control(new ServerMessage.Closing(reason)),
        Outbound.close(code.code(), reason));
    logClose(code, reason);
    session.scheduleWrite();
    Duration wait =
        flushPending
            ? services.config.shutdownGrace().plus(CLOSE_HANDSHAKE_TIMEOUT)
            : CLOSE_HANDSHAKE_TIMEOUT;
    try {
      channel.eventLoop().schedule(this::closeChannel, wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException loopGone) {
      closeChannel();
    }
  }

  // The one INFO line per close, with duration and reason, is SessionLog's, once the session is
  // gone; this says when our close started.
  private void logClose(CloseCode code, String reason) {
    LOG.debug("{} closing with {} ({})", session, code.code(), reason);
  }

  /** The client's close frame: answer it (echoing its code) or finish our own close. */
  void onCloseFrame(int statusCode, String reasonText) {
    closeFrameReceived = true;
    if (session.beginClosing()) {
      closeCode = statusCode < 0 ? null : statusCode;
      closeReason = reasonText;
      queue.close();
      closeFrameSent = true;
      writeOrCloseNow(echo(statusCode, reasonText));
      return;
    }
    if (closeFrameSent) {
      closeChannel();
    }
  }

  /** Our close frame reached the head of the queue: the writer hands it over. Event loop only. */
  void writeClose(ChannelHandlerContext c, Outbound.Close close) {
    closeFrameSent = true;
    var future = c.write(new CloseWebSocketFrame(close.code, close.reason));
    if (closeFrameReceived) {
      future.addListener(f -> closeChannel());
    }
  }

  private void writeOrCloseNow(CloseWebSocketFrame frame) {
    ChannelHandlerContext c = session.context();
    if (c == null) {
      frame.release();
      channel.close();
      return;
    }
    c.writeAndFlush(frame).addListener(f -> closeChannel());
  }

  private static CloseWebSocketFrame echo(int statusCode, String reasonText) {
    if (statusCode < 0) {
      return new CloseWebSocketFrame();
    }
    try {
      return new CloseWebSocketFrame(statusCode, reasonText);
    } catch (IllegalArgumentException invalidCode) {
      return new CloseWebSocketFrame(CloseCode.NORMAL.code(), CloseCode.NORMAL.reason());
    }
  }

  /** Drops the TCP connection now (bypassing the shutdown interception). */
  void closeChannel() {
    ChannelHandlerContext c = session.context();
    if (c != null) {
      c.close();
    } else {
      channel.close();
    }
  }
}
