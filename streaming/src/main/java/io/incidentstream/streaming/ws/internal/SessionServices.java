package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.model.Priority;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.history.StreamEpoch;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.incidentstream.streaming.ws.InstanceIdentity;
import io.incidentstream.streaming.ws.SessionProtocol;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import jakarta.inject.Singleton;

/**
 * The collaborators every session shares, and the stateless parts every session works through, in
 * one bean. Immutable, thread-safe.
 */
@Singleton
final class SessionServices {

  private static final Priority[] PRIORITIES = Priority.values();

  final StreamConfiguration config;
  final ProtocolCodec codec = new ProtocolCodec();
  final SessionProtocol protocol;
  final SubscriptionService subscriptions;
  final ConnectionRegistry registry;
  final StreamMetrics metrics;
  final InstanceIdentity instance;
  final StreamEpoch epoch;
  final ApplicationEventPublisher<Object> events;
  final OutboundQueue.Limits queueLimits;
  final OutboundQueue.DropListener queueDrops;
  final WebSocketDecoderConfig frameDecoderConfig;
  final FrameAssembler frames = new FrameAssembler(codec);
  final UserAgents userAgents = new UserAgents();
  final SlowConsumerPolicy slowConsumers;
  final Housekeeping housekeeping;
  // The parts of every session, stateless: each session keeps its own state in its fields.
  final SessionWriter writer;
  final CloseHandshake handshake = new CloseHandshake(this);
  final InboundMessages inbound = new InboundMessages(this);
  final CatchUpFlow catchUp = new CatchUpFlow(frames);
  final SessionRegistration registration = new SessionRegistration(this);
  final SessionCredentials credentials;

  SessionServices(
      StreamConfiguration config,
      SessionProtocol protocol,
      SubscriptionService subscriptions,
      ConnectionRegistry registry,
      StreamMetrics metrics,
      InstanceIdentity instance,
      StreamEpoch epoch,
      ApplicationEventPublisher<Object> events,
      Housekeeping housekeeping) {
    this.config = config;
    this.protocol = protocol;
    this.subscriptions = subscriptions;
    this.registry = registry;
    this.metrics = metrics;
    this.instance = instance;
    this.epoch = epoch;
    this.events = events;
    this.housekeeping = housekeeping;
    this.queueLimits =
        OutboundQueue.Limits.of(config.maxPendingMessages(), config.maxPendingBytes());
    this.frameDecoderConfig =
        StreamFrameHandler.decoderConfig(config.maxMessageSize(), config.compression());
    this.slowConsumers = new SlowConsumerPolicy(metrics);
    this.writer = new SessionWriter(metrics);
    // Twice the heartbeat interval: a session removed from its loop's list may miss one round.
    this.credentials = new SessionCredentials(config.heartbeatInterval().multipliedBy(2));
    this.queueDrops = (rank, why) -> countDrop(metrics, PRIORITIES[rank], why);
  }

  private static void countDrop(StreamMetrics metrics, Priority priority, OutboundQueue.Drop why) {
    switch (why) {
      case SHED -> metrics.eventShed(priority);
      case SLOW_CONSUMER -> metrics.eventsDroppedSlowConsumer(1);
      case CLOSED -> metrics.eventsDroppedClosed(1);
    }
  }
}
