package io.incidentstream.domain.filter;

/**
 * One subscription as the index holds it. Buckets find entries by identity, so a replacement with
 * equal filters is still a distinct entry. {@code order} keeps a subscriber's ids in insertion
 * order; a replacement inherits the order of the subscription it replaces.
 */
record IndexedSubscription<K>(
    K subscriber, String id, SubscriptionFilters filters, EventMatcher matcher, long order) {}
