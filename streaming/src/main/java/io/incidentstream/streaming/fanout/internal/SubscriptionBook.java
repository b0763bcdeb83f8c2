package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.filter.EventMatcher;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.filter.TenantPartitionedIndex;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.port.SubscriptionView;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.ErrorCode;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.fanout.SubscriptionChangedEvent;
import io.incidentstream.streaming.fanout.internal.Connection.Held;
import io.incidentstream.streaming.history.StreamEpoch;
import io.micronaut.context.event.ApplicationEventPublisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every connection's subscriptions, and the {@link TenantPartitionedIndex} live fan-out matches
 * against: subscribe (starting a paced resume when the client asks for one), unsubscribe, a change
 * of a connection's tenants (re-filing its subscriptions), and removal of a connection that went
 * away. Replies go to the recipient. Not thread-safe: confined to the dispatch thread, where
 * changes apply in order with events (which makes resume exact), except {@link #size}, which any
 * thread may read.
 */
final class SubscriptionBook {

  private static final int ALL_TYPES = (1 << EventType.values().length) - 1;

  private final TenantPartitionedIndex<Connection> index = new TenantPartitionedIndex<>();
  private final Map<Recipient, Connection> connections = new HashMap<>();
  private final int maxSubscriptions;
  private final StreamPosition position;
  private final ResumePacer pacer;
  private final StreamEpoch epoch;
  private final ApplicationEventPublisher<SubscriptionChangedEvent> events;

  SubscriptionBook(
      int maxSubscriptions,
      StreamPosition position,
      ResumePacer pacer,
      StreamEpoch epoch,
      ApplicationEventPublisher<SubscriptionChangedEvent> events) {
    this.maxSubscriptions = maxSubscriptions;
    this.position = position;
    this.pacer = pacer;
    this.epoch = epoch;
    this.events = events;
  }

  TenantPartitionedIndex<Connection> index() {
    return index;
  }

  /** Live subscriptions (any thread; a racy read). */
  int size() {
    return index.size();
  }

  /** The connections with at least one subscription (a copy). */
  List<Recipient> recipients() {
    return List.copyOf(connections.keySet());
  }

  void subscribe(Recipient recipient, ClientMessage.Subscribe subscribe) {
    String id = subscribe.subscriptionId();
    Connection connection = connections.computeIfAbsent(recipient, this::newConnection);
    Map<String, Held> own = connection.subscriptions;
    if (!own.containsKey(id) && own.size() >= maxSubscriptions) {
      recipient.send(
          new ServerMessage.Error(
              ErrorCode.SUBSCRIPTION_LIMIT,
              "At most " + maxSubscriptions + " subscriptions per connection"));
      return;
    }
    SubscriptionFilters filters = subscribe.filters();
    long handled = connection.position(position.live());
    connection.settle(handled);
    String currentEpoch = epoch.current();
    ResumePacer.Start start = pacer.start(subscribe.since(), subscribe.epoch(), currentEpoch);
    EventMatcher matcher = index.put(connection, id, filters);
    own.put(id, new Held(filters, matcher, start.from(), own.get(id)));
    summarise(connection);
    recipient.send(new ServerMessage.Subscribed(id, filters, start.recovered(), currentEpoch));
    if (start.from() < handled) {
      pacer.begin(connection, start.from());
    }
    events.publishEvent(new SubscriptionChangedEvent(recipient.id(), id, filters));
  }

  /**
   * A connection is filed under its recipient's tenants from its first subscription on, read here,
   * on the dispatch thread: a scope the recipient changed before this runs is the one used.
   */
  private Connection newConnection(Recipient recipient) {
    Connection connection = new Connection(recipient);
    TenantScope tenants = recipient.tenantScope();
    connection.tenants = tenants;
    index.scope(connection, tenants);
    return connection;
  }

  /**
   * Re-files the connection's subscriptions under its new tenants, for the events that follow. A
   * recipient without subscriptions has nothing filed: its first subscription reads its scope.
   */
  void changeTenants(Recipient recipient, TenantScope tenants) {
    Connection connection = connections.get(recipient);
    if (connection == null) {
      return;
    }
    connection.tenants = tenants;
    index.scope(connection, tenants);
  }

  void unsubscribe(Recipient recipient, String subscriptionId) {
    Connection connection = connections.get(recipient);
    if (connection == null || connection.subscriptions.remove(subscriptionId) == null) {
      recipient.send(
          new ServerMessage.Error(
              ErrorCode.NOT_FOUND, "No subscription with id \"" + subscriptionId + "\""));
      return;
    }
    index.remove(connection, subscriptionId);
    summarise(connection);
    if (connection.subscriptions.isEmpty()) {
      ResumePacer.goLive(connection);
    }
    recipient.send(new ServerMessage.Unsubscribed(subscriptionId));
    events.publishEvent(new SubscriptionChangedEvent(recipient.id(), subscriptionId, null));
  }

  void removeAll(Recipient recipient) {
    Connection connection = connections.remove(recipient);
    if (connection == null) {
      return;
    }
    ResumePacer.goLive(connection);
    index.removeAll(connection);
    recipient.subscriptionsChanged(0, 0);
    for (String id : connection.subscriptions.keySet()) {
      events.publishEvent(new SubscriptionChangedEvent(recipient.id(), id, null));
    }
  }

  /** Copies the subscriptions of {@code asked} that have any (see SubscriptionService#describe). */
  Map<String, List<SubscriptionView>> describe(List<Recipient> asked) {
    Map<String, List<SubscriptionView>> found = new HashMap<>();
    for (Recipient recipient : asked) {
      Connection connection = connections.get(recipient);
      if (connection == null || connection.subscriptions.isEmpty()) {
        continue;
      }
      List<SubscriptionView> views = new ArrayList<>(connection.subscriptions.size());
      connection.subscriptions.forEach(
          (id, held) -> views.add(new SubscriptionView(id, held.filters, held.matched)));
      found.put(recipient.id(), views);
    }
    return found;
  }

  /** Tells the recipient how many subscriptions it has and which event types they admit. */
  private static void summarise(Connection connection) {
    int mask = 0;
    for (Held held : connection.subscriptions.values()) {
      mask |= typeMask(held.filters);
    }
    connection.recipient.subscriptionsChanged(connection.subscriptions.size(), mask);
  }

  private static int typeMask(SubscriptionFilters filters) {
    if (filters.eventTypes().isEmpty()) {
      return ALL_TYPES;
    }
    int mask = 0;
    for (EventType type : filters.eventTypes()) {
      mask |= 1 << type.ordinal();
    }
    return mask;
  }
}
