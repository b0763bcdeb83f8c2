package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.incidentstream.streaming.ws.InstanceIdentity;
import io.incidentstream.streaming.ws.ProtocolHandler;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.inject.Singleton;

/** The collaborators every session shares, in one bean. Immutable, thread-safe. */
@Singleton
final class SessionServices {

  final StreamConfiguration config;
  final ProtocolCodec codec = new ProtocolCodec();
  final ProtocolHandler protocol;
  final SubscriptionService subscriptions;
  final ConnectionRegistry registry;
  final StreamMetrics metrics;
  final InstanceIdentity instance;
  final ApplicationEventPublisher<Object> events;

  SessionServices(
      StreamConfiguration config,
      ProtocolHandler protocol,
      SubscriptionService subscriptions,
      ConnectionRegistry registry,
      StreamMetrics metrics,
      InstanceIdentity instance,
      ApplicationEventPublisher<Object> events) {
    this.config = config;
    this.protocol = protocol;
    this.subscriptions = subscriptions;
    this.registry = registry;
    this.metrics = metrics;
    this.instance = instance;
    this.events = events;
  }
}
