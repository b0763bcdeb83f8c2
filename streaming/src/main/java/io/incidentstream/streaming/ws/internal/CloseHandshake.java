package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.ws.CloseCode;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's close handshake (RFC 6455 section 5.5.1), both ways. Closing ourselves: queue
 * {@code closing} and the close frame behind what may still go out, then wait for the client's
 * close frame, at most {@link #CLOSE_HANDSHAKE_TIMEOUT}, before dropping TCP. Closed by the client:
 * answer its close frame with one echoing its code, then drop TCP. Failing the connection (a
 * protocol error): our close frame, then TCP, without waiting. A handshake that does not finish
 * within the timeout ends with a reset (SO_LINGER 0), not a FIN: our close frame, or the FIN, would
 * otherwise queue behind whatever a client that stopped reading left unread, on an orphaned socket
 * the kernel keeps with its buffers, and the client would never learn that the connection is gone.
 * Any thread may start a close; frames are written and received on the channel's event loop.
 *
 * <p>Stateless and shared by every connection: the handshake's state (the close code and reason,
 * and which close frames went each way) is kept in fields of the session, the close-frame flags
 * confined to its event loop.
 */
final class CloseHandshake {

  private static final Logger LOG = LoggerFactory.getLogger(CloseHandshake.class);

  /** How long a closing connection waits for the close handshake before resetting TCP. */
  static final Duration CLOSE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(3);

  private final SessionServices services;

  CloseHandshake(SessionServices services) {
    this.services = services;
  }

  /**
   * Starts our close. A shutdown close (1001) waits for the events already handed to fan-out, and
   * then for those fan-out already handed to the event loop, so they go out before {@code closing};
   * every other close discards what is queued and goes at once.
   */
  void close(NettyStreamSession session, CloseCode code, String reason) {
    if (code == CloseCode.GOING_AWAY) {
      services.subscriptions.afterPendingEvents(
          () -> onLoop(session.channel(), () -> closeNow(session, code, reason)));
    } else {
      closeNow(session, code, reason);
    }
  }

  /** Runs {@code task} after every task already queued on the event loop (or now if it is gone). */
  private static void onLoop(Channel channel, Runnable task) {
    try {
      channel.eventLoop().execute(task);
    } catch (RejectedExecutionException loopGone) {
      task.run();
    }
  }

  /**
   * Fails the connection (RFC 6455 section 7.1.7): {@code closing} and the close frame, then TCP as
   * soon as they are out, without waiting for the client's close frame. Event loop only.
   */
  void fail(NettyStreamSession session, CloseCode code, String reason) {
    session.closeFrameReceived = true;
    if (session.closeFrameSent) {
      closeChannel(session);
      return;
    }
    closeNow(session, code, reason);
  }

  private void closeNow(NettyStreamSession session, CloseCode code, String reason) {
    if (!session.beginClosing()) {
      return;
    }
    session.closedWith(code.code(), reason);
    boolean flushPending = code == CloseCode.GOING_AWAY;
    ServerMessage farewell = services.protocol.farewell(reason);
    session
        .queue()
        .terminate(
            !flushPending,
            code == CloseCode.SLOW_CONSUMER,
            farewell == null ? null : services.frames.control(farewell),
            Outbound.close(code.code(), reason));
    logClose(session, code, reason);
    session.scheduleWrite();
    Duration wait =
        flushPending
            ? services.config.shutdownGrace().plus(CLOSE_HANDSHAKE_TIMEOUT)
            : CLOSE_HANDSHAKE_TIMEOUT;
    abortAfter(session, wait);
  }

  /** Resets the connection if it is still there after {@code wait}. */
  private static void abortAfter(NettyStreamSession session, Duration wait) {
    try {
      session.eventLoop().schedule(() -> abort(session), wait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException loopGone) {
      closeChannel(session);
    }
  }

  // The one INFO line per close, with duration and reason, is SessionLog's, once the session is
  // gone; this says when our close started.
  private static void logClose(NettyStreamSession session, CloseCode code, String reason) {
    LOG.debug("{} closing with {} ({})", session, code.code(), reason);
  }

  /** The client's close frame: answer it (echoing its code) or finish our own close. */
  void onCloseFrame(NettyStreamSession session, int statusCode, String reasonText) {
    session.closeFrameReceived = true;
    if (session.beginClosing()) {
      session.closedWith(statusCode < 0 ? null : statusCode, reasonText);
      session.queue().close();
      session.closeFrameSent = true;
      writeOrCloseNow(session, echo(statusCode, reasonText));
      return;
    }
    if (session.closeFrameSent) {
      closeChannel(session);
    }
  }

  /** Our close frame reached the head of the queue: the writer hands it over. Event loop only. */
  void writeClose(NettyStreamSession session, ChannelHandlerContext c, Outbound.Close close) {
    session.closeFrameSent = true;
    var future = c.write(new CloseWebSocketFrame(close.code, close.reason));
    if (session.closeFrameReceived) {
      future.addListener(f -> closeChannel(session));
    }
  }

  private static void writeOrCloseNow(NettyStreamSession session, CloseWebSocketFrame frame) {
    ChannelHandlerContext c = session.context();
    if (c == null) {
      frame.release();
      session.channel().close();
      return;
    }
    c.writeAndFlush(frame).addListener(f -> closeChannel(session));
    abortAfter(session, CLOSE_HANDSHAKE_TIMEOUT);
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

  /**
   * Resets a connection whose close handshake did not finish in time: SO_LINGER 0, so the kernel
   * sends RST and frees what it still holds for the client at once.
   */
  static void abort(NettyStreamSession session) {
    Channel channel = session.channel();
    if (!channel.isOpen()) {
      return;
    }
    LOG.debug("{}: close handshake timed out, resetting the connection", session);
    try {
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
    } catch (RuntimeException unsupported) {
      LOG.debug("{}: cannot set SO_LINGER: {}", session, unsupported.toString());
    }
    closeChannel(session);
  }

  /** Drops the TCP connection now (bypassing the shutdown interception). */
  static void closeChannel(NettyStreamSession session) {
    ChannelHandlerContext c = session.context();
    if (c != null) {
      c.close();
    } else {
      session.channel().close();
    }
  }
}
