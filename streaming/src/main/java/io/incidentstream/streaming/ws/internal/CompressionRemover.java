package io.incidentstream.streaming.ws.internal;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.netty.NettyHttpRequest;
import io.micronaut.http.server.netty.websocket.NettyServerWebSocketUpgradeHandler;
import io.netty.channel.ChannelPipeline;

/**
 * Turns permessage-deflate off unless {@code stream.compression} is true: Micronaut always installs
 * Netty's compression handler, and each negotiated connection then keeps its own zlib state (~88 KB
 * native) and compresses the shared frame again for itself (DESIGN section 10).
 *
 * <p>A filter on the {@code /ws} upgrade request, which runs before the handshake answers, takes
 * the handler out of that connection's pipeline. (A {@code NettyServerCustomizer} could do it as
 * each connection opens, but it needs a copy of itself for each channel, which every connection,
 * WebSocket or not, then keeps: 80 bytes.) Stateless, thread-safe.
 */
@ServerFilter("/ws")
@Requires(property = "stream.compression", notEquals = "true")
final class CompressionRemover {

  @RequestFilter
  public void removeCompression(HttpRequest<?> request) {
    if (!(request instanceof NettyHttpRequest<?> nettyRequest)) {
      return;
    }
    ChannelPipeline pipeline = nettyRequest.getChannelHandlerContext().pipeline();
    if (pipeline.get(NettyServerWebSocketUpgradeHandler.COMPRESSION_HANDLER) != null) {
      pipeline.remove(NettyServerWebSocketUpgradeHandler.COMPRESSION_HANDLER);
    }
  }
}
