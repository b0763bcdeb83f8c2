package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.IncidentEvent;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * All live subscriptions, indexed by event type and filter key so that matching one event costs in
 * proportion to the candidates it could match, not to every subscription.
 *
 * <p>Each subscription sits under its most selective key: a subscription with {@code incident_ids}
 * under each of those ids (plus, for the events that carry no incident id and so pass that key, a
 * type grid of its own); any other under its event types, refined by severity where the type always
 * carries one, or in a wildcard bucket. An event looks up its incident id bucket and its type
 * buckets and runs only those candidates' compiled matchers.
 *
 * <p>Thread-safe: any thread may add or remove while any thread matches. Buckets are copy-on-write
 * arrays, so {@link #match} takes no lock and sees each bucket as a consistent snapshot; writers
 * serialise on one lock (writes are rare next to matches, and copying a bucket is the price of
 * lock-free reads). Replacing a subscription swaps it in place in every bucket the old and new
 * versions share, then adds it to new buckets before leaving old ones: a concurrent match sees the
 * old or the new version, and the id once. Best effort only where the versions live in different
 * buckets: a match that reads the new bucket just before the add and the old bucket just after the
 * removal sees neither.
 *
 * @param <K> the subscriber (a session); compared by identity of {@code equals}/{@code hashCode}
 */
public final class SubscriptionIndex<K> {

  /** One subscriber's matches for an event: every subscription id of it that matched. */
  public record Match<K>(K subscriber, List<String> subscriptionIds) {}

  private final Object writeLock = new Object();
  private final Map<K, Map<String, IndexedSubscription<K>>> bySubscriber =
      new ConcurrentHashMap<>();
  private final Map<UUID, IndexedSubscription<K>[]> byIncident = new ConcurrentHashMap<>();
  private final TypeGrid<K> withoutIncidentIds = new TypeGrid<>();
  private final TypeGrid<K> withIncidentIds = new TypeGrid<>();
  private volatile int size;
  private long nextOrder;

  public SubscriptionIndex() {}

  /** Adds a subscription, replacing the subscriber's subscription with the same id if any. */
  public void put(K subscriber, String subscriptionId, SubscriptionFilters filters) {
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(filters, "filters");
    EventMatcher matcher = FilterCompiler.compile(filters);
    synchronized (writeLock) {
      Map<String, IndexedSubscription<K>> own =
          bySubscriber.computeIfAbsent(subscriber, k -> new ConcurrentHashMap<>());
      IndexedSubscription<K> old = own.get(subscriptionId);
      long order = old == null ? nextOrder++ : old.order();
      IndexedSubscription<K> fresh =
          new IndexedSubscription<>(subscriber, subscriptionId, filters, matcher, order);
      place(fresh, old);
      own.put(subscriptionId, fresh);
      if (old == null) {
        size++;
      } else {
        unplace(old);
      }
    }
  }

  /** Removes one subscription; returns whether it existed. */
  public boolean remove(K subscriber, String subscriptionId) {
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    synchronized (writeLock) {
      Map<String, IndexedSubscription<K>> own = bySubscriber.get(subscriber);
      IndexedSubscription<K> old = own == null ? null : own.remove(subscriptionId);
      if (old == null) {
        return false;
      }
      if (own.isEmpty()) {
        bySubscriber.remove(subscriber);
      }
      unplace(old);
      size--;
      return true;
    }
  }

  /** Removes every subscription of a subscriber (on disconnect). */
  public void removeAll(K subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    synchronized (writeLock) {
      Map<String, IndexedSubscription<K>> own = bySubscriber.remove(subscriber);
      if (own == null) {
        return;
      }
      own.values().forEach(this::unplace);
      size -= own.size();
    }
  }

  /** Number of live subscriptions. */
  public int size() {
    return size;
  }

  /**
   * Every subscriber with at least one matching subscription, each exactly once, with the ids of
   * all its matching subscriptions in the order they were first subscribed.
   */
  public List<Match<K>> match(IncidentEvent event) {
    Objects.requireNonNull(event, "event");
    MatchCollector<K> collector = new MatchCollector<>();
    withoutIncidentIds.collect(event, collector);
    UUID incidentId = event.filterIncidentId();
    if (incidentId == null) {
      withIncidentIds.collect(event, collector);
    } else {
      collector.scan(byIncident.get(incidentId), event);
    }
    return collector.result();
  }

  private void place(IndexedSubscription<K> fresh, @Nullable IndexedSubscription<K> old) {
    List<UUID> incidentIds = fresh.filters().incidentIds();
    if (incidentIds.isEmpty()) {
      withoutIncidentIds.upsert(fresh, old);
      return;
    }
    for (UUID id : incidentIds) {
      byIncident.compute(id, (key, bucket) -> Buckets.upsert(bucket, old, fresh));
    }
    withIncidentIds.upsert(fresh, old);
  }

  /** Takes {@code old} out of every bucket that still holds it. */
  private void unplace(IndexedSubscription<K> old) {
    List<UUID> incidentIds = old.filters().incidentIds();
    if (incidentIds.isEmpty()) {
      withoutIncidentIds.remove(old);
      return;
    }
    for (UUID id : incidentIds) {
      byIncident.computeIfPresent(id, (key, bucket) -> Buckets.remove(bucket, old));
    }
    withIncidentIds.remove(old);
  }
}
