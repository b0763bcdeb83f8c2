package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.port.DisconnectResult;
import io.incidentstream.domain.port.InstanceFailure;
import io.incidentstream.domain.port.SessionCursor;
import io.incidentstream.domain.port.SessionFilter;
import io.incidentstream.domain.port.SessionPage;
import io.incidentstream.domain.port.SessionPageRequest;
import io.incidentstream.domain.port.SessionSort;
import io.incidentstream.domain.port.SessionView;
import io.incidentstream.domain.port.StatsSnapshot;
import io.incidentstream.domain.port.SubscriptionView;
import io.micronaut.serde.annotation.SerdeImport;
import io.micronaut.serde.annotation.Serdeable;

/**
 * What instances send each other for cluster-wide admin reads and commands ({@link
 * PeerAdminController}, {@link PeerClient}): the domain's records as JSON, plus these envelopes.
 */
@SerdeImport(SessionPageRequest.class)
@SerdeImport(SessionFilter.class)
@SerdeImport(SessionSort.class)
@SerdeImport(SessionCursor.class)
@SerdeImport(SessionPage.class)
@SerdeImport(SessionView.class)
@SerdeImport(SubscriptionView.class)
@SerdeImport(SubscriptionFilters.class)
@SerdeImport(InstanceFailure.class)
@SerdeImport(DisconnectResult.class)
@SerdeImport(StatsSnapshot.class)
final class AdminWire {

  private AdminWire() {}

  /** One instance's stats and its latency histogram over the window (for a cluster sum). */
  @Serdeable
  record LocalStatsReply(StatsSnapshot stats, double[] boundsMillis, long[] cumulative) {}

  /** A disconnect request. */
  @Serdeable
  record DisconnectRequest(String target, String reason) {}

  /** A session look-up's answer (null: not here). */
  @Serdeable
  record FindReply(@org.jspecify.annotations.Nullable SessionView session) {}
}
