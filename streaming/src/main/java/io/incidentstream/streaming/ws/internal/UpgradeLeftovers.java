package io.incidentstream.streaming.ws.internal;

import io.micronaut.http.body.CloseableByteBody;
import io.micronaut.http.server.netty.handler.OutboundAccess;
import io.micronaut.http.server.netty.handler.PipeliningServerHandler;
import io.micronaut.http.server.netty.handler.RequestHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpRequest;
import java.lang.reflect.Field;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lets go of what Micronaut's HTTP handler still points at once a {@code /ws} upgrade is over.
 *
 * <p>Micronaut keeps each connection's {@link PipeliningServerHandler} for graceful shutdown (its
 * connection record holds it until the channel closes), even after the upgrade took it out of the
 * pipeline. Through its request handler it keeps that connection's WebSocket upgrade handler, with
 * the handshaker (upgrade URI, WebSocket URL, subprotocols) and the WebSocket bean registry it made
 * for the connection: several hundred bytes per connection that nothing uses again. No public API
 * releases them, so this swaps that one private field for a shared inert handler. If a Micronaut
 * version renames the field, nothing is swapped (logged once at start-up) and the connection just
 * costs more heap. Thread-safe (stateless apart from the field handle, set once).
 */
final class UpgradeLeftovers {

  private static final Logger LOG = LoggerFactory.getLogger(UpgradeLeftovers.class);

  private static final @Nullable Field REQUEST_HANDLER = requestHandlerField();

  private UpgradeLeftovers() {}

  /** Whether this Micronaut version lets {@link #release} work. */
  static boolean supported() {
    return REQUEST_HANDLER != null;
  }

  /**
   * Makes Micronaut's removed HTTP handler forget the upgrade. Call only once the handler is out of
   * the pipeline (it will handle no request again); any other handler is left alone.
   *
   * @return whether anything was released
   */
  static boolean release(ChannelHandler httpHandler) {
    Field field = REQUEST_HANDLER;
    if (field == null || !(httpHandler instanceof PipeliningServerHandler)) {
      return false;
    }
    try {
      field.set(httpHandler, Inert.INSTANCE);
      return true;
    } catch (IllegalAccessException | RuntimeException e) {
      LOG.debug("cannot release Micronaut's upgrade state: {}", e.toString());
      return false;
    }
  }

  private static @Nullable Field requestHandlerField() {
    try {
      Field field = PipeliningServerHandler.class.getDeclaredField("requestHandler");
      if (field.getType() != RequestHandler.class) {
        throw new NoSuchFieldException("requestHandler is a " + field.getType());
      }
      field.setAccessible(true);
      return field;
    } catch (NoSuchFieldException | RuntimeException e) {
      LOG.info(
          "Micronaut's HTTP handler cannot be made to forget a /ws upgrade ({}): each /ws"
              + " connection keeps its upgrade handler, a few hundred bytes of heap",
          e.toString());
      return null;
    }
  }

  /** Stands in for the upgrade handler: the removed HTTP handler never receives a request again. */
  private static final class Inert implements RequestHandler {

    static final Inert INSTANCE = new Inert();

    @Override
    public void accept(
        ChannelHandlerContext ctx,
        HttpRequest request,
        CloseableByteBody body,
        OutboundAccess outboundAccess) {
      body.close();
      ctx.close();
    }

    @Override
    public void handleUnboundError(Throwable cause) {
      LOG.debug("error on a /ws connection's former HTTP handler: {}", cause.toString());
    }
  }
}
