package io.incidentstream.admin.graphql.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.admin.graphql.ws.CloseCodes;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link NettySocket} on a real server channel over TCP, against a raw client socket that stops
 * reading: the slow-consumer close cannot get its close frame out, and the connection must then be
 * reset, not left to a FIN queued behind megabytes the client never reads.
 */
class NettySocketTest {

  private static final String MESSAGE = "x".repeat(64 * 1024);

  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final CompletableFuture<Channel> accepted = new CompletableFuture<>();
  private Channel server;

  @BeforeEach
  void start() throws InterruptedException {
    server =
        new ServerBootstrap()
            .group(group)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new WebSocket13FrameEncoder(false));
                    accepted.complete(ch);
                  }
                })
            .bind(new InetSocketAddress("127.0.0.1", 0))
            .sync()
            .channel();
  }

  @AfterEach
  void stop() {
    server.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void shouldResetAConnectionWhoseCloseFrameCannotGetOut() throws Exception {
    try (Socket client = connect()) {
      Channel channel = accepted.get(10, TimeUnit.SECONDS);
      NettySocket socket = new NettySocket(channel, 50);

      // The client reads nothing: the kernel buffers fill, then 50 messages wait in Netty, and
      // the 51st closes the connection as a slow consumer.
      await().atMost(Duration.ofSeconds(30)).until(() -> !socket.send(MESSAGE));
      await().atMost(NettySocket.CLOSE_TIMEOUT.plusSeconds(10)).until(() -> !channel.isOpen());

      assertThat(readToTheEnd(client.getInputStream()))
          .as("how the client learns that the connection is gone")
          .isEqualTo("reset");
    }
  }

  @Test
  void shouldDropTheConnectionOnceTheCloseFrameIsOut() throws Exception {
    try (Socket client = connect()) {
      NettySocket socket = new NettySocket(accepted.get(10, TimeUnit.SECONDS), 50);

      socket.close(CloseCodes.BAD_REQUEST, "done");

      // A client that reads gets the close frame (FIN + opcode 8, the code, the reason) and then
      // an orderly end.
      InputStream in = client.getInputStream();
      assertThat(in.read()).isEqualTo(0x88);
      assertThat(in.read()).isEqualTo(2 + "done".length());
      assertThat(in.read() << 8 | in.read()).isEqualTo(CloseCodes.BAD_REQUEST);
      assertThat(new String(in.readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("done");
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  /** A raw client socket to the server; a read that gets nothing for 30 s fails the test. */
  private Socket connect() throws IOException {
    Socket client = new Socket("127.0.0.1", ((InetSocketAddress) server.localAddress()).getPort());
    client.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
    return client;
  }

  /** Reads until the connection ends: "eof" for an orderly end, "reset" for a reset. */
  private static String readToTheEnd(InputStream in) throws IOException {
    byte[] buffer = new byte[1 << 16];
    try {
      while (in.read(buffer) >= 0) {
        // drain
      }
      return "eof";
    } catch (SocketException reset) {
      return "reset";
    }
  }
}
