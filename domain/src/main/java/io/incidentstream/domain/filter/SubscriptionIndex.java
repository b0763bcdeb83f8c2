package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.IncidentEvent;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * All live subscriptions, indexed so that matching one event costs in proportion to the
 * subscriptions that could match it, not to all of them.
 *
 * <p>Each subscription is filed under its most selective key: {@code incident_ids} (under each of
 * its ids), else {@code labels} (under one of its pairs), else {@code sources} (under each source),
 * else its event types refined by severity. An event looks up its incident id's bucket, its label
 * pairs' buckets, its source's bucket and its type and severity buckets, and tests only those
 * candidates, each against its filters without the key it was found by (which the event passes);
 * where the event does not carry an attribute, it looks up that key's subscriptions by type instead
 * (they pass that key). Each subscription is a candidate at most once per event.
 *
 * <p>{@link #match} allocates nothing: it reports each matching subscriber to a {@link MatchSink}
 * from reused scratch space. Subscribing and unsubscribing cost O(1) per bucket the subscription
 * sits in, whatever the buckets' sizes.
 *
 * <p>Not thread-safe: one thread (fan-out's dispatch thread) makes every call, except {@link
 * #size}, which any thread may read.
 *
 * @param <K> the subscriber (a session); compared by {@code equals}/{@code hashCode}
 */
public final class SubscriptionIndex<K> {

  private final Map<K, Subscriber<K>> subscribers = new HashMap<>();
  private final KeyedBuckets<UUID, K> byIncident = new KeyedBuckets<>();
  private final LabelBuckets<K> byLabel = new LabelBuckets<>();
  private final KeyedBuckets<String, K> bySource = new KeyedBuckets<>();
  private final TypeGrid<K> byType = new TypeGrid<>();
  private final MatchCollector<K> collector = new MatchCollector<>();
  private long nextOrder;

  // Written by the one writing thread only; volatile so that metrics may read it from any thread.
  private volatile int size;

  public SubscriptionIndex() {}

  /**
   * Adds a subscription, replacing the subscriber's subscription with the same id if any (the
   * replacement keeps that one's place in the order of the subscriber's ids).
   *
   * @return the compiled filters, for a caller that also needs to test events against them
   */
  public EventMatcher put(K subscriber, String subscriptionId, SubscriptionFilters filters) {
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(filters, "filters");
    EventMatcher matcher = FilterCompiler.compile(filters);
    Subscriber<K> owner = subscribers.computeIfAbsent(subscriber, Subscriber::new);
    IndexedSubscription<K> old = owner.subscriptions.get(subscriptionId);
    long order;
    if (old == null) {
      order = nextOrder++;
      size = size + 1;
    } else {
      order = old.order;
      old.leaveAll();
    }
    owner.subscriptions.put(subscriptionId, place(owner, subscriptionId, filters, order));
    return matcher;
  }

  /** Removes one subscription; returns whether it existed. */
  public boolean remove(K subscriber, String subscriptionId) {
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Subscriber<K> owner = subscribers.get(subscriber);
    IndexedSubscription<K> old = owner == null ? null : owner.subscriptions.remove(subscriptionId);
    if (old == null) {
      return false;
    }
    if (owner.subscriptions.isEmpty()) {
      subscribers.remove(subscriber);
    }
    old.leaveAll();
    size = size - 1;
    return true;
  }

  /** Removes every subscription of a subscriber (on disconnect). */
  public void removeAll(K subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    Subscriber<K> owner = subscribers.remove(subscriber);
    if (owner == null) {
      return;
    }
    owner.subscriptions.values().forEach(IndexedSubscription::leaveAll);
    size = size - owner.subscriptions.size();
  }

  /** Number of live subscriptions; any thread may call this. */
  public int size() {
    return size;
  }

  /**
   * Reports every subscriber with at least one matching subscription to {@code sink}, each exactly
   * once (in no particular order), with the ids of all its matching subscriptions in the order they
   * were first subscribed. Allocates nothing.
   *
   * @return the number of matching subscribers
   */
  public int match(IncidentEvent event, MatchSink<? super K> sink) {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(sink, "sink");
    MatchCollector<K> hits = collector;
    hits.begin();
    byIncident.collect(event.filterIncidentId(), event, hits);
    byLabel.collect(event, hits);
    bySource.collect(event.filterSource(), event, hits);
    byType.collect(event, hits);
    return hits.deliver(sink);
  }

  /** Files a new entry under its most selective key, with that key left out of its residual. */
  private IndexedSubscription<K> place(
      Subscriber<K> owner, String id, SubscriptionFilters filters, long order) {
    if (!filters.incidentIds().isEmpty()) {
      IndexedSubscription<K> entry =
          entry(owner, id, filters, order, without(filters, Key.INCIDENT_IDS, Map.of()));
      byIncident.add(entry, filters.incidentIds());
      return entry;
    }
    if (!filters.labels().isEmpty()) {
      Map.Entry<String, String> pair = byLabel.rarestPair(filters.labels());
      Map<String, String> otherLabels = new LinkedHashMap<>(filters.labels());
      otherLabels.remove(pair.getKey());
      IndexedSubscription<K> entry =
          entry(owner, id, filters, order, without(filters, Key.LABELS, otherLabels));
      byLabel.add(entry, pair);
      return entry;
    }
    if (!filters.sources().isEmpty()) {
      IndexedSubscription<K> entry =
          entry(owner, id, filters, order, without(filters, Key.SOURCES, Map.of()));
      bySource.add(entry, filters.sources());
      return entry;
    }
    IndexedSubscription<K> entry =
        entry(owner, id, filters, order, without(filters, Key.TYPES_AND_SEVERITIES, Map.of()));
    byType.add(entry);
    return entry;
  }

  private static <K> IndexedSubscription<K> entry(
      Subscriber<K> owner,
      String id,
      SubscriptionFilters filters,
      long order,
      SubscriptionFilters residual) {
    return new IndexedSubscription<>(owner, id, filters, FilterCompiler.compile(residual), order);
  }

  /** The key a subscription is filed under, which its residual filters leave out. */
  private enum Key {
    INCIDENT_IDS,
    LABELS,
    SOURCES,
    /** In the type grid, an event only sees subscriptions whose types and severities it passes. */
    TYPES_AND_SEVERITIES
  }

  private static SubscriptionFilters without(
      SubscriptionFilters filters, Key key, Map<String, String> keptLabels) {
    boolean grid = key == Key.TYPES_AND_SEVERITIES;
    return new SubscriptionFilters(
        grid ? List.of() : filters.eventTypes(),
        grid ? List.of() : filters.severities(),
        filters.states(),
        key == Key.SOURCES ? List.of() : filters.sources(),
        filters.affectedResources(),
        key == Key.LABELS ? keptLabels : filters.labels(),
        key == Key.INCIDENT_IDS ? List.of() : filters.incidentIds());
  }
}
