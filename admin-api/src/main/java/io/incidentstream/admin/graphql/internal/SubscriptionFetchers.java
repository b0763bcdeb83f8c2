package io.incidentstream.admin.graphql.internal;

import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.incidentstream.admin.graphql.AdminApiException;
import io.incidentstream.admin.graphql.ErrorCode;
import io.incidentstream.admin.graphql.Wiring;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.port.Caller;
import io.incidentstream.domain.port.ClusterDirectory;
import io.incidentstream.domain.port.LiveEvents;
import io.incidentstream.domain.port.SessionChange;
import io.incidentstream.domain.port.SessionChanges;
import io.incidentstream.domain.port.StreamStats;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.publisher.Mono;

/**
 * The {@code Subscription} type's fetchers, run by {@code /graphql-ws}: {@code statsUpdated} polls
 * this instance's stats (an interval tick is dropped while a read is still running, never queued),
 * {@code sessionChanged} and {@code events} listen to the stream's feeds. Each returns a stream
 * that holds its feed open only while subscribed: cancelling it (a {@code complete}, or the socket
 * closing) closes the feed. Thread-safe.
 */
@Singleton
final class SubscriptionFetchers implements Wiring {

  static final int MIN_INTERVAL_MS = 250;
  static final int MAX_INTERVAL_MS = 3_600_000;

  /** Events held for one console's tail before it is cut off as too slow. */
  static final int TAP_CAPACITY = 1000;

  private final StreamStats stats;
  private final ClusterDirectory cluster;
  private final LiveEvents liveEvents;
  private final SessionChanges sessionChanges;

  SubscriptionFetchers(
      StreamStats stats,
      ClusterDirectory cluster,
      LiveEvents liveEvents,
      SessionChanges sessionChanges) {
    this.stats = stats;
    this.cluster = cluster;
    this.liveEvents = liveEvents;
    this.sessionChanges = sessionChanges;
  }

  @Override
  public void contribute(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Subscription",
        type ->
            type.dataFetcher("statsUpdated", this::statsUpdated)
                .dataFetcher("sessionChanged", env -> sessionChanged())
                .dataFetcher("events", this::events));
  }

  private Flux<Map<String, Object>> statsUpdated(DataFetchingEnvironment env) {
    int interval =
        Arguments.between(
            "intervalMs", env.getArgument("intervalMs"), 1000, MIN_INTERVAL_MS, MAX_INTERVAL_MS);
    String local = cluster.localInstanceId();
    return Flux.interval(Duration.ZERO, Duration.ofMillis(interval))
        .onBackpressureDrop()
        .concatMap(tick -> Mono.fromCompletionStage(() -> stats.snapshot(local)), 1)
        .filter(report -> report.stats() != null)
        .map(report -> Views.stats(report.stats()));
  }

  private Flux<Map<String, Object>> sessionChanged() {
    return Flux.create(
        sink -> {
          SessionChanges.Feed feed =
              sessionChanges.listen(
                  new SessionChanges.Listener() {
                    @Override
                    public void onChange(SessionChange change) {
                      sink.next(change(change));
                    }

                    @Override
                    public void onChangesLost() {
                      sink.error(
                          new AdminApiException(
                              ErrorCode.UNAVAILABLE,
                              "session changes were lost (too many at once): subscribe again and"
                                  + " read the sessions"));
                    }
                  });
          sink.onDispose(feed::close);
        },
        FluxSink.OverflowStrategy.BUFFER);
  }

  private static Map<String, Object> change(SessionChange change) {
    Map<String, Object> view = new HashMap<>();
    view.put("kind", change.kind().name());
    view.put("sessionId", change.sessionId());
    view.put("instanceId", change.instanceId());
    view.put("session", change.session());
    return view;
  }

  private Flux<Map<String, Object>> events(DataFetchingEnvironment env) {
    Caller caller = env.getGraphQlContext().get(Caller.class);
    if (caller == null) {
      throw new AdminApiException(
          ErrorCode.FORBIDDEN, "events is a subscription of /graphql-ws, signed in as an admin");
    }
    SubscriptionFilters filters = Arguments.filters(env.getArgument("filters"));
    String tenant = env.getArgument("tenant");
    return Flux.create(
        sink -> {
          LiveEvents.Tap tap =
              liveEvents.open(
                  filters,
                  caller.tenants(),
                  tenant,
                  TAP_CAPACITY,
                  new LiveEvents.Listener() {
                    @Override
                    public void onEvent(EventEnvelope event) {
                      sink.next(Views.event(event));
                    }

                    @Override
                    public void onOverflow(int capacity) {
                      sink.error(
                          new AdminApiException(
                              ErrorCode.UNAVAILABLE,
                              "this console fell "
                                  + capacity
                                  + " events behind the live stream and was cut off: subscribe"
                                  + " again"));
                    }
                  });
          sink.onDispose(tap::close);
        },
        FluxSink.OverflowStrategy.BUFFER);
  }
}
