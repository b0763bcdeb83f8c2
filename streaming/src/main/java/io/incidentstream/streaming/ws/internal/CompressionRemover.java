package io.incidentstream.streaming.ws.internal;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.micronaut.http.server.netty.websocket.NettyServerWebSocketUpgradeHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPipeline;
import jakarta.inject.Singleton;
import org.jspecify.annotations.Nullable;

/**
 * Turns permessage-deflate off unless {@code stream.compression} is true: Micronaut always installs
 * Netty's compression handler, and each negotiated connection then keeps its own zlib state (~88 KB
 * native) and compresses the shared frame again for itself (DESIGN section 10). Thread-safe.
 */
@Singleton
@Requires(property = "stream.compression", notEquals = "true")
final class CompressionRemover implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

  @Override
  public NettyServerCustomizer.Registry onCreated(
      BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    event.getBean().register(new Customizer(null));
    return event.getBean();
  }

  private record Customizer(@Nullable Channel channel) implements NettyServerCustomizer {

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
      return new Customizer(channel);
    }

    @Override
    public void onStreamPipelineBuilt() {
      if (channel == null) {
        return;
      }
      ChannelPipeline pipeline = channel.pipeline();
      if (pipeline.get(NettyServerWebSocketUpgradeHandler.COMPRESSION_HANDLER) != null) {
        pipeline.remove(NettyServerWebSocketUpgradeHandler.COMPRESSION_HANDLER);
      }
    }
  }
}
