package io.incidentstream.streaming.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.context.annotation.Property;
import io.micronaut.http.netty.websocket.NettyWebSocketSession;
import io.micronaut.http.netty.websocket.WebSocketSessionRepository;
import io.micronaut.http.server.netty.websocket.NettyServerWebSocketHandler;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.netty.channel.Channel;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What an open {@code /ws} connection keeps on the server: Netty's WebSocket codec and our frame
 * handler, and nothing of Micronaut's upgrade (its WebSocket handler, its session, the upgrade
 * request with its headers and route match), which would cost about 3 KB per connection.
 */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = UpgradeTracker.ENABLED, value = "true")
class ConnectionFootprintIT {

  private static final Duration GC_WAIT = Duration.ofSeconds(30);

  @Inject EmbeddedServer server;
  @Inject WebSocketSessionRepository webSocketChannels;
  @Inject UpgradeTracker upgrades;

  @Test
  void shouldKeepOnlyTheWebSocketCodecAndOurHandlerInThePipeline() {
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      Channel channel = onlyWebSocketChannel();

      await().until(() -> channel.pipeline().get(NettyServerWebSocketHandler.ID) == null);

      assertThat(handlerNames(channel))
          .containsExactly("wsencoder", "wsdecoder", StreamFrameHandler.NAME);
      assertThat(channel.hasAttr(NettyWebSocketSession.WEB_SOCKET_SESSION_KEY)).isFalse();
    }
  }

  @Test
  void shouldLetMicronautsUpgradeStateGoWhileTheConnectionStaysOpen() {
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      client.subscribe("all", "{}");
      client.awaitType("subscribed");

      assertThat(upgrades.opened()).isPositive();
      await()
          .atMost(GC_WAIT)
          .until(
              () -> {
                System.gc();
                return upgrades.alive() == 0;
              });
      assertThat(client.isClosed()).isFalse();
    }
  }

  /** Stopping the server closes the channels of this group; ours must stay in it. */
  private Channel onlyWebSocketChannel() {
    await().until(() -> webSocketChannels.getChannelGroup().size() == 1);
    return webSocketChannels.getChannelGroup().iterator().next();
  }

  private static List<String> handlerNames(Channel channel) {
    return channel.pipeline().names().stream()
        .filter(name -> channel.pipeline().get(name) != null)
        .toList();
  }
}
