package io.incidentstream.perf.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The soak's slow clients: each subscribes to every event of the tenant, then reads one chunk of at
 * most {@value #READ_BYTES} bytes (about one event frame) per interval, with a small socket receive
 * buffer, so that the server's queue for it fills up. Called from the controlling thread.
 */
final class SlowReaders {

  /** Bytes one slow read takes at most: about one event frame of the load generator. */
  static final int READ_BYTES = 1024;

  private static final int RECEIVE_BUFFER = 4096;
  private static final long PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private final Bootstrap bootstrap;
  private final InetSocketAddress server;
  private final WebSocketClientProtocolConfig handshake;
  private final Duration interval;
  private final List<SlowReader> readers = new ArrayList<>();
  private final List<Channel> channels = new ArrayList<>();

  SlowReaders(EventLoopGroup group, URI target, Duration interval) {
    this.bootstrap =
        new Bootstrap()
            .group(group)
            .channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
            .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(READ_BYTES))
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
    this.server = new InetSocketAddress(target.getHost(), target.getPort());
    this.handshake = Fleet.handshake(target, Fleet.handshakeHeaders(LoadTokens.fromEnvironment()));
    this.interval = interval;
  }

  /** Opens {@code count} slow clients from {@code source} and waits until each is subscribed. */
  void open(int count, Inet4Address source, Duration timeout) {
    for (int i = 0; i < count; i++) {
      SlowReader reader = new SlowReader(source.getHostAddress(), interval);
      readers.add(reader);
      Channel channel =
          bootstrap
              .clone()
              .handler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                      ch.pipeline()
                          .addLast(new HttpClientCodec())
                          .addLast(new HttpObjectAggregator(64 * 1024))
                          .addLast(new WebSocketClientProtocolHandler(handshake))
                          .addLast(reader);
                    }
                  })
              .connect(server, new InetSocketAddress(source, 0))
              .channel();
      channels.add(channel);
    }
    await(timeout, () -> readers.stream().allMatch(r -> r.outcome().subscribed() || r.ended()));
    for (SlowReader reader : readers) {
      if (!reader.outcome().subscribed()) {
        throw new IllegalStateException("a slow client could not subscribe: " + reader.outcome());
      }
    }
  }

  /**
   * Lets every slow client read what is left at full speed and waits (at most {@code timeout})
   * until each connection has ended; closes (1000) any the server left open.
   */
  List<Report.SlowClient> drainAndEnd(Duration timeout) {
    readers.forEach(SlowReader::drain);
    await(timeout, () -> readers.stream().allMatch(SlowReader::ended));
    List<Report.SlowClient> outcomes = readers.stream().map(SlowReader::outcome).toList();
    for (Channel channel : channels) {
      if (channel.isActive()) {
        channel.writeAndFlush(new CloseWebSocketFrame(1000, "soak done"));
        channel.close();
      }
    }
    return outcomes;
  }

  private static void await(Duration timeout, java.util.function.BooleanSupplier done) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean() && System.nanoTime() < deadline) {
      LockSupport.parkNanos(PARK_NANOS);
    }
  }
}
