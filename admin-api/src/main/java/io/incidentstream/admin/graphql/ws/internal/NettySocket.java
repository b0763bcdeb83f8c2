package io.incidentstream.admin.graphql.ws.internal;

import io.incidentstream.admin.graphql.ws.CloseCodes;
import io.incidentstream.admin.graphql.ws.Socket;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link Socket} on the upgraded Netty channel. Each message is one text frame written and
 * flushed at once (the console's traffic is small); what the channel has not yet taken is counted,
 * and one message past the bound closes the connection with 4008 instead of buffering it. A close
 * sends the close frame and drops the channel once it is out, or resets it after {@link
 * #CLOSE_TIMEOUT} if it cannot get out (a client that stopped reading). Thread-safe: Netty runs
 * every write on the channel's event loop in the order submitted.
 */
public final class NettySocket implements Socket {

  /** How long a close waits for its close frame to get out before dropping the connection. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(3);

  /** RFC 6455 section 5.5: a control frame's payload is at most 125 bytes, 2 of them the code. */
  private static final int MAX_REASON_BYTES = 123;

  private static final Logger LOG = LoggerFactory.getLogger(NettySocket.class);

  private final Channel channel;
  private final int maxPending;
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicBoolean closing = new AtomicBoolean();

  public NettySocket(Channel channel, int maxPending) {
    this.channel = channel;
    this.maxPending = maxPending;
  }

  /** The socket of the connection that {@code request} upgraded; empty off Netty. */
  public static Optional<Socket> of(HttpRequest<?> request, int maxPending) {
    if (request instanceof NettyHttpRequest<?> netty) {
      return Optional.of(new NettySocket(netty.getChannelHandlerContext().channel(), maxPending));
    }
    return Optional.empty();
  }

  @Override
  public boolean send(String text) {
    if (closing.get()) {
      return false;
    }
    if (pending.incrementAndGet() > maxPending) {
      pending.decrementAndGet();
      LOG.info(
          "/graphql-ws client at {} closed as a slow consumer: {} messages waiting to be written",
          remoteAddress(),
          maxPending);
      close(
          CloseCodes.SLOW_CONSUMER,
          "Slow consumer: more than " + maxPending + " messages waiting to be written");
      return false;
    }
    channel
        .writeAndFlush(new TextWebSocketFrame(text))
        .addListener(written -> pending.decrementAndGet());
    return true;
  }

  /** Messages handed to the channel and not yet written (for the tests). */
  int pending() {
    return pending.get();
  }

  @Override
  public void close(int code, String reason) {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    channel
        .writeAndFlush(new CloseWebSocketFrame(code, truncate(reason)))
        .addListener(written -> channel.close());
    schedule(CLOSE_TIMEOUT, this::abort);
  }

  /**
   * Drops a connection whose close frame could not get out: a reset (SO_LINGER 0), not a FIN. A FIN
   * would leave what the kernel still holds for a client that does not read (up to the send buffer,
   * megabytes) queued on an orphaned socket, which the kernel may later discard without a word to
   * the client; a reset frees it at once and tells the client the connection is gone.
   */
  private void abort() {
    if (channel.isOpen()) {
      channel.config().setOption(ChannelOption.SO_LINGER, 0);
      channel.close();
    }
  }

  @Override
  public void whenClosed(Runnable task) {
    channel.closeFuture().addListener(closed -> task.run());
  }

  @Override
  public void schedule(Duration delay, Runnable task) {
    ScheduledFuture<?> scheduled =
        channel.eventLoop().schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    channel.closeFuture().addListener(closed -> scheduled.cancel(false));
  }

  @Override
  public String remoteAddress() {
    SocketAddress address = channel.remoteAddress();
    if (address instanceof InetSocketAddress inet) {
      return inet.getHostString() + ":" + inet.getPort();
    }
    return String.valueOf(address);
  }

  /** The longest prefix of {@code reason} that fits a close frame, cut between characters. */
  static String truncate(String reason) {
    if (reason.getBytes(StandardCharsets.UTF_8).length <= MAX_REASON_BYTES) {
      return reason;
    }
    StringBuilder cut = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < reason.length(); ) {
      int codePoint = reason.codePointAt(i);
      int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > MAX_REASON_BYTES) {
        break;
      }
      cut.appendCodePoint(codePoint);
      bytes += size;
      i += Character.charCount(codePoint);
    }
    return cut.toString();
  }
}
