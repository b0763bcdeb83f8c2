package io.incidentstream.streaming.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.micronaut.http.netty.channel.EventLoopGroupConfiguration;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The transport the event loops run on is logged at start-up, epoll or NIO with the reason. */
class TransportLogTest {

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(TransportLog.class);
  private EventLoopGroup group;

  @BeforeEach
  void capture() {
    logged.start();
    logger.addAppender(logged);
  }

  @AfterEach
  void release() {
    logger.detachAppender(logged);
    if (group != null) {
      group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  private List<String> startWith(IoHandlerFactory handlers) {
    group = new MultiThreadIoEventLoopGroup(1, handlers);
    new TransportLog(registryOf(group)).report();
    return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  @Test
  void shouldSayEpollWhenTheLoopsRunOnIt() {
    assumeTrue(Epoll.isAvailable(), "native epoll is not available on this machine");

    assertThat(startWith(EpollIoHandler.newFactory()))
        .containsExactly("network transport: native epoll");
  }

  @Test
  void shouldSayNioAndWhyNotEpollOtherwise() {
    List<String> lines = startWith(NioIoHandler.newFactory());

    assertThat(lines).hasSize(1);
    assertThat(lines.get(0)).startsWith("network transport: NIO (");
  }

  private static EventLoopGroupRegistry registryOf(EventLoopGroup group) {
    return new EventLoopGroupRegistry() {
      @Override
      public Optional<EventLoopGroup> getEventLoopGroup(String name) {
        return Optional.of(group);
      }

      @Override
      public EventLoopGroup getDefaultEventLoopGroup() {
        return group;
      }

      @Override
      public Optional<EventLoopGroupConfiguration> getEventLoopGroupConfiguration(String name) {
        return Optional.empty();
      }
    };
  }
}
