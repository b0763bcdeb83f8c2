package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.metrics.StreamMetrics;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.Channel;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a {@link HandshakeDeadline} ({@code stream.handshake-timeout}) in front of every accepted
 * connection. It does so while Micronaut specializes its customizers for the new connection, and
 * answers with itself: a customizer that specialized into a copy would be kept by Micronaut for as
 * long as the connection lives. {@code 0s} turns the deadline off. Stateless, thread-safe.
 */
@Singleton
final class HandshakeDeadlines
    implements NettyServerCustomizer, BeanCreatedEventListener<NettyServerCustomizer.Registry> {

  private static final Logger LOG = LoggerFactory.getLogger(HandshakeDeadlines.class);

  private final long timeoutMillis;
  private final StreamMetrics metrics;

  HandshakeDeadlines(
      @Value("${stream.handshake-timeout:10s}") Duration timeout, StreamMetrics metrics) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException(
          "stream.handshake-timeout must not be negative: " + timeout);
    }
    this.timeoutMillis = timeout.toMillis();
    this.metrics = metrics;
  }

  @Override
  public NettyServerCustomizer.Registry onCreated(
      BeanCreatedEvent<NettyServerCustomizer.Registry> event) {
    NettyServerCustomizer.Registry registry = event.getBean();
    if (timeoutMillis > 0) {
      registry.register(this);
    } else {
      LOG.warn("stream.handshake-timeout is 0: connections may take forever to send a request");
    }
    return registry;
  }

  @Override
  public NettyServerCustomizer specializeForChannel(Channel channel, ChannelRole role) {
    if (role == ChannelRole.CONNECTION) {
      channel
          .pipeline()
          .addFirst(HandshakeDeadline.NAME, new HandshakeDeadline(timeoutMillis, metrics));
    }
    return this;
  }
}
