package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.filter.EventMatcher;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.filter.SubscriptionIndex;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.ErrorCode;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.fanout.SubscriptionChangedEvent;
import io.incidentstream.streaming.fanout.internal.Connection.Held;
import io.micronaut.context.event.ApplicationEventPublisher;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every connection's subscriptions, and the {@link SubscriptionIndex} live fan-out matches against:
 * subscribe (starting a paced resume when the client asks for one), unsubscribe, and removal of a
 * connection that went away. Replies go to the recipient. Not thread-safe: confined to the dispatch
 * thread, where changes apply in order with events (which makes resume exact), except {@link
 * #size}, which any thread may read.
 */
final class SubscriptionBook {

  private final SubscriptionIndex<Connection> index = new SubscriptionIndex<>();
  private final Map<Recipient, Connection> connections = new HashMap<>();
  private final int maxSubscriptions;
  private final StreamPosition position;
  private final ResumePacer pacer;
  private final ApplicationEventPublisher<SubscriptionChangedEvent> events;

  SubscriptionBook(
      int maxSubscriptions,
      StreamPosition position,
      ResumePacer pacer,
      ApplicationEventPublisher<SubscriptionChangedEvent> events) {
    this.maxSubscriptions = maxSubscriptions;
    this.position = position;
    this.pacer = pacer;
    this.events = events;
  }

  SubscriptionIndex<Connection> index() {
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
    Connection connection = connections.computeIfAbsent(recipient, Connection::new);
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
    ResumePacer.Start start = pacer.start(subscribe.since());
    EventMatcher matcher = index.put(connection, id, filters);
    own.put(id, new Held(matcher, start.from(), own.get(id)));
    recipient.send(new ServerMessage.Subscribed(id, filters, start.recovered()));
    if (start.from() < handled) {
      pacer.begin(connection, start.from());
    }
    events.publishEvent(new SubscriptionChangedEvent(recipient.id(), id, filters));
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
    for (String id : connection.subscriptions.keySet()) {
      events.publishEvent(new SubscriptionChangedEvent(recipient.id(), id, null));
    }
  }
}
