package io.incidentstream.streaming.fanout;

import io.incidentstream.domain.filter.SubscriptionFilters;
import org.jspecify.annotations.Nullable;

/**
 * Published after a recipient's subscription was added, replaced or removed.
 *
 * @param filters the subscription's filters, or null when it was removed
 */
public record SubscriptionChangedEvent(
    String recipientId, String subscriptionId, @Nullable SubscriptionFilters filters) {

  public boolean removed() {
    return filters == null;
  }
}
