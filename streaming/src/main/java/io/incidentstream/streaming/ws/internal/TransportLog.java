package io.incidentstream.streaming.ws.internal;

import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says at start-up which transport the server's event loops run on: native epoll (the default on
 * Linux x86_64, see {@code application.yml}) or NIO ({@code STREAM_NATIVE_TRANSPORT=false}, or
 * another platform), and why not epoll when it is NIO. Stateless.
 */
@Singleton
final class TransportLog implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(TransportLog.class);

  private final EventLoopGroupRegistry loops;

  TransportLog(EventLoopGroupRegistry loops) {
    this.loops = loops;
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    report();
  }

  void report() {
    EventLoopGroup group = loops.getDefaultEventLoopGroup();
    if (group instanceof IoEventLoopGroup io && io.isIoType(EpollIoHandler.class)) {
      LOG.info("network transport: native epoll");
    } else if (Epoll.isAvailable()) {
      LOG.info("network transport: NIO (epoll is available but not preferred)");
    } else {
      LOG.info("network transport: NIO (native epoll unavailable: {})", cause());
    }
  }

  private static String cause() {
    Throwable cause = Epoll.unavailabilityCause();
    return cause == null ? "unknown" : cause.toString();
  }
}
