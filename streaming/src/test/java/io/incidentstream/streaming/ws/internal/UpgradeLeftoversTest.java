package io.incidentstream.streaming.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.server.netty.handler.OutboundAccess;
import io.micronaut.http.server.netty.handler.PipeliningServerHandler;
import io.micronaut.http.server.netty.handler.RequestHandler;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.lang.ref.WeakReference;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class UpgradeLeftoversTest {

  @Test
  void shouldWorkWithThisMicronautVersion() {
    assertThat(UpgradeLeftovers.supported()).isTrue();
  }

  @Test
  void shouldLetTheUpgradeHandlerGoWhileMicronautKeepsItsHttpHandler() {
    UpgradeHandlerStandIn upgrade = new UpgradeHandlerStandIn();
    WeakReference<UpgradeHandlerStandIn> released = new WeakReference<>(upgrade);
    PipeliningServerHandler httpHandler = new PipeliningServerHandler(upgrade);
    upgrade = null;

    assertThat(UpgradeLeftovers.release(httpHandler)).isTrue();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              System.gc();
              return released.get() == null;
            });
    assertThat(httpHandler).isNotNull();
  }

  @Test
  void shouldLeaveAnyOtherHandlerAlone() {
    assertThat(UpgradeLeftovers.release(new ChannelHandlerAdapter() {})).isFalse();
  }

  /** What Micronaut's WebSocket upgrade handler is to its HTTP handler: the request handler. */
  private static final class UpgradeHandlerStandIn implements RequestHandler {

    @Override
    public void accept(
        ChannelHandlerContext ctx,
        HttpRequest request,
        CloseableByteBody body,
        OutboundAccess outboundAccess) {
      body.close();
    }

    @Override
    public void handleUnboundError(Throwable cause) {}
  }
}
