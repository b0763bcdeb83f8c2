package io.incidentstream.domain.port;

import io.incidentstream.domain.filter.SubscriptionFilters;
import java.util.Objects;

/**
 * One subscription of a session, as the admin API shows it. Immutable.
 *
 * @param matched events matched for this subscription since it was made (live and resumed)
 */
public record SubscriptionView(String id, SubscriptionFilters filters, long matched) {

  public SubscriptionView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(filters, "filters");
  }
}
