package io.incidentstream.domain.filter;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.TenantScope;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The live subscriptions, partitioned by tenant: one {@link SubscriptionIndex} per tenant, holding
 * the subscriptions of the subscribers whose {@link TenantScope} names that tenant, plus one for
 * the subscribers allowed every tenant. An event of tenant {@code t} is matched against the
 * partition of {@code t} and the every-tenant partition only, so a subscriber never becomes a
 * candidate for an event outside its scope, whatever its filters say, and an event's matching cost
 * grows with its own tenant's subscriptions, not with every tenant's.
 *
 * <p>A subscriber's scope is set before its first subscription ({@link #scope}); changing it later
 * re-files every subscription it holds, so a narrowed scope takes effect with the next {@link
 * #match}. A subscriber allowed several tenants sits in each of their partitions; it is in the
 * every-tenant partition only when its scope is {@link TenantScope#ALL}, so one event (one tenant)
 * reports it at most once.
 *
 * <p>{@link #match} allocates nothing (a map lookup by tenant, then the partitions' own matching).
 * Not thread-safe: one thread makes every call, except {@link #size}, which any thread may read.
 *
 * @param <K> the subscriber (a session); compared by {@code equals}/{@code hashCode}
 */
public final class TenantPartitionedIndex<K> {

  private final SubscriptionIndex<K> everyTenant = new SubscriptionIndex<>();
  private final Map<String, SubscriptionIndex<K>> byTenant = new HashMap<>();
  private final Map<K, Filed> filed = new HashMap<>();

  // Written by the one writing thread only; volatile so that metrics may read it from any thread.
  private volatile int size;

  public TenantPartitionedIndex() {}

  /**
   * Sets the tenants whose events {@code subscriber} may match, re-filing the subscriptions it
   * already holds: from the next {@link #match} on, it is a candidate only for events of those
   * tenants. Subscription ids keep their order.
   */
  public void scope(K subscriber, TenantScope scope) {
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(scope, "scope");
    Filed entry = filed.get(subscriber);
    if (entry == null) {
      filed.put(subscriber, new Filed(scope));
      return;
    }
    TenantScope old = entry.scope;
    if (old.equals(scope)) {
      return;
    }
    entry.scope = scope;
    for (String tenant : old.tenants()) {
      if (!filedUnder(scope, tenant)) {
        removeFromPartition(byTenant.get(tenant), tenant, subscriber);
      }
    }
    if (old.all() && !scope.all()) {
      everyTenant.removeAll(subscriber);
    }
    refileInto(subscriber, entry, old);
  }

  /** Adds the subscriber's subscriptions to every partition of its new scope it was not in. */
  private void refileInto(K subscriber, Filed entry, TenantScope old) {
    if (entry.subscriptions.isEmpty()) {
      return;
    }
    if (entry.scope.all()) {
      if (!old.all()) {
        putAll(everyTenant, subscriber, entry);
      }
      return;
    }
    for (String tenant : entry.scope.tenants()) {
      if (!filedUnder(old, tenant)) {
        putAll(partition(tenant), subscriber, entry);
      }
    }
  }

  /** Whether a subscriber of {@code scope} sits in {@code tenant}'s own partition. */
  private static boolean filedUnder(TenantScope scope, String tenant) {
    return !scope.all() && scope.tenants().contains(tenant);
  }

  private void putAll(SubscriptionIndex<K> partition, K subscriber, Filed entry) {
    entry.subscriptions.forEach((id, filters) -> partition.put(subscriber, id, filters));
  }

  /** The scope set for {@code subscriber}, or null when it has none (it matches nothing). */
  public @Nullable TenantScope scopeOf(K subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    Filed entry = filed.get(subscriber);
    return entry == null ? null : entry.scope;
  }

  /**
   * Adds a subscription in every partition of the subscriber's scope, replacing the subscriber's
   * subscription with the same id if any (the replacement keeps that one's place in the order of
   * the subscriber's ids).
   *
   * @return the compiled filters, for a caller that also needs to test events against them
   * @throws IllegalStateException when no scope was set for the subscriber: it is never filed
   *     anywhere by default, so a missing scope cannot widen what it sees
   */
  public EventMatcher put(K subscriber, String subscriptionId, SubscriptionFilters filters) {
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Objects.requireNonNull(filters, "filters");
    Filed entry = filed.get(subscriber);
    if (entry == null) {
      throw new IllegalStateException(
          "no tenant scope set for subscriber " + subscriber + ": call scope() first");
    }
    if (entry.subscriptions.put(subscriptionId, filters) == null) {
      size = size + 1;
    }
    if (entry.scope.all()) {
      return everyTenant.put(subscriber, subscriptionId, filters);
    }
    for (String tenant : entry.scope.tenants()) {
      partition(tenant).put(subscriber, subscriptionId, filters);
    }
    return FilterCompiler.compile(filters);
  }

  /** Removes one subscription; returns whether it existed. The subscriber keeps its scope. */
  public boolean remove(K subscriber, String subscriptionId) {
    Objects.requireNonNull(subscriber, "subscriber");
    Objects.requireNonNull(subscriptionId, "subscriptionId");
    Filed entry = filed.get(subscriber);
    if (entry == null || entry.subscriptions.remove(subscriptionId) == null) {
      return false;
    }
    size = size - 1;
    if (entry.scope.all()) {
      everyTenant.remove(subscriber, subscriptionId);
      return true;
    }
    for (String tenant : entry.scope.tenants()) {
      SubscriptionIndex<K> partition = byTenant.get(tenant);
      if (partition != null) {
        partition.remove(subscriber, subscriptionId);
        dropIfEmpty(partition, tenant);
      }
    }
    return true;
  }

  /** Removes every subscription of a subscriber, and its scope (on disconnect). */
  public void removeAll(K subscriber) {
    Objects.requireNonNull(subscriber, "subscriber");
    Filed entry = filed.remove(subscriber);
    if (entry == null) {
      return;
    }
    size = size - entry.subscriptions.size();
    if (entry.scope.all()) {
      everyTenant.removeAll(subscriber);
      return;
    }
    for (String tenant : entry.scope.tenants()) {
      removeFromPartition(byTenant.get(tenant), tenant, subscriber);
    }
  }

  /** Number of live subscriptions (each counted once, whatever its scope); any thread may call. */
  public int size() {
    return size;
  }

  /** Number of tenant partitions that hold subscriptions (not counting the every-tenant one). */
  public int tenantPartitions() {
    return byTenant.size();
  }

  /**
   * Reports every subscriber allowed {@code tenant} with at least one subscription matching the
   * event to {@code sink}, each exactly once, as {@link SubscriptionIndex#match} does. Subscribers
   * not allowed {@code tenant} are never looked at. Allocates nothing.
   *
   * @return the number of matching subscribers
   */
  public int match(String tenant, IncidentEvent event, MatchSink<? super K> sink) {
    Objects.requireNonNull(tenant, "tenant");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(sink, "sink");
    int matched = 0;
    if (everyTenant.size() > 0) {
      matched = everyTenant.match(event, sink);
    }
    SubscriptionIndex<K> own = byTenant.get(tenant);
    if (own != null) {
      matched += own.match(event, sink);
    }
    return matched;
  }

  private SubscriptionIndex<K> partition(String tenant) {
    return byTenant.computeIfAbsent(tenant, t -> new SubscriptionIndex<>());
  }

  private void removeFromPartition(
      @Nullable SubscriptionIndex<K> partition, String tenant, K subscriber) {
    if (partition != null) {
      partition.removeAll(subscriber);
      dropIfEmpty(partition, tenant);
    }
  }

  /** An empty partition goes, so tenants that come and go leave nothing behind. */
  private void dropIfEmpty(SubscriptionIndex<K> partition, String tenant) {
    if (partition.size() == 0) {
      byTenant.remove(tenant);
    }
  }

  /**
   * One subscriber's scope and its subscriptions' filters in subscription order (a replacement
   * keeps its place), kept here so that a scope change can file them into new partitions.
   */
  private static final class Filed {

    TenantScope scope;
    final Map<String, SubscriptionFilters> subscriptions = new CompactMap<>();

    Filed(TenantScope scope) {
      this.scope = scope;
    }
  }
}
