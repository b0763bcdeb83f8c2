package io.incidentstream.conformance;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.netty.channel.ChannelPipelineCustomizer;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpRequest;
import jakarta.inject.Singleton;
import org.jspecify.annotations.Nullable;

/**
 * The Autobahn plugin dials {@code ws://host:port} (path {@code /}) and cannot be told a path: in
 * environment {@value AutobahnServer#ENVIRONMENT}, a request for {@code /} is taken as one for
 * {@code /ws}, right after the HTTP decoder, so that routing, the {@code /ws} filters (handshake
 * checks, authentication, connection limits, compression) and the session run as in production.
 */
@Singleton
@Requires(env = AutobahnServer.ENVIRONMENT)
final class RootToStreamPath implements BeanCreatedEventListener<NettyServerCustomizer.Registry> {

  private static final String STREAM_PATH = "/ws";

  @Override
  public NettyServerCustomizer.Registry onCreated(
      BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    event.getBean().register(new Customizer(null));
    return event.getBean();
  }

  /** Adds the rewrite to each connection's HTTP pipeline. */
  private static final class Customizer implements NettyServerCustomizer {

    private final @Nullable Channel channel;

    Customizer(@Nullable Channel channel) {
      this.channel = channel;
    }

    @Override
    public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
      return new Customizer(channel);
    }

    @Override
    public void onStreamPipelineBuilt() {
      if (channel != null
          && channel.pipeline().get(ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC) != null) {
        channel
            .pipeline()
            .addAfter(
                ChannelPipelineCustomizer.HANDLER_HTTP_SERVER_CODEC,
                "autobahn-root-to-ws",
                Rewrite.INSTANCE);
      }
    }
  }

  /** Rewrites the request line's path {@code /} to {@code /ws}. Stateless. */
  @ChannelHandler.Sharable
  private static final class Rewrite extends ChannelInboundHandlerAdapter {

    static final Rewrite INSTANCE = new Rewrite();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest request && "/".equals(request.uri())) {
        request.setUri(STREAM_PATH);
      }
      ctx.fireChannelRead(msg);
    }
  }
}
