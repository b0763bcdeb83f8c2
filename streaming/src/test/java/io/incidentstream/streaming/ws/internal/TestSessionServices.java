package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.history.StreamEpoch;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.ws.InstanceIdentity;
import io.incidentstream.streaming.ws.ProtocolHandler;
import io.incidentstream.streaming.ws.SessionProtocol;
import io.incidentstream.streaming.ws.TokenRefresh;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ApplicationEventPublisher;
import java.time.Duration;

/**
 * The services a {@code /ws} session runs on, built as production builds them, for the tests that
 * drive one session on an {@code EmbeddedChannel}: no subscriptions (fan-out is not under test), a
 * refresh that refuses every token, and small limits (10 subscriptions, 100 connections) fit for
 * one session, with the three settings a test varies given.
 */
final class TestSessionServices {

  private TestSessionServices() {}

  /**
   * The server's settings with {@code maxPendingMessages} per queue, pings every {@code heartbeat}
   * and client messages of at most {@code maxMessageSize} bytes.
   */
  static StreamConfiguration config(
      int maxPendingMessages, Duration heartbeat, int maxMessageSize) {
    return new StreamConfiguration(
        maxPendingMessages,
        1 << 20,
        heartbeat,
        Duration.ofSeconds(300),
        Duration.ofSeconds(60),
        maxMessageSize,
        10,
        100,
        100,
        100,
        100,
        Duration.ofMinutes(10),
        "test-instance",
        false,
        Duration.ofSeconds(1));
  }

  static SessionServices of(StreamConfiguration config, MeterRegistry meters) {
    return of(
        config, meters, new ProtocolHandler(new NoSubscriptions(), TokenRefresh.refusingAll()));
  }

  /** The same, speaking {@code protocol} instead of the stream's. */
  static SessionServices of(
      StreamConfiguration config, MeterRegistry meters, SessionProtocol protocol) {
    SubscriptionService subscriptions = new NoSubscriptions();
    return new SessionServices(
        config,
        protocol,
        subscriptions,
        new InMemoryConnectionRegistry(config),
        new StreamMetrics(meters),
        new InstanceIdentity(config),
        new StreamEpoch(),
        ApplicationEventPublisher.noOp(),
        new Housekeeping(config));
  }
}
