package io.incidentstream.admin.graphql.internal;

import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.incidentstream.admin.graphql.AdminApiException;
import io.incidentstream.admin.graphql.ErrorCode;
import io.incidentstream.admin.graphql.Wiring;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.port.AuditLog;
import io.incidentstream.domain.port.ClusterDirectory;
import io.incidentstream.domain.port.EventLog;
import io.incidentstream.domain.port.EventQuery;
import io.incidentstream.domain.port.InstanceView;
import io.incidentstream.domain.port.SessionDirectory;
import io.incidentstream.domain.port.SessionPageRequest;
import io.incidentstream.domain.port.SessionSort;
import io.incidentstream.domain.port.SessionView;
import io.incidentstream.domain.port.StatsReport;
import io.incidentstream.domain.port.StreamStats;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The {@code Query} fields, each a read through a domain port that completes off the event loop.
 * Thread-safe (stateless).
 */
@Singleton
final class QueryFetchers implements Wiring {

  private final SessionDirectory sessions;
  private final StreamStats stats;
  private final ClusterDirectory cluster;
  private final EventLog events;
  private final AuditLog audit;

  QueryFetchers(
      SessionDirectory sessions,
      StreamStats stats,
      ClusterDirectory cluster,
      EventLog events,
      AuditLog audit) {
    this.sessions = sessions;
    this.stats = stats;
    this.cluster = cluster;
    this.events = events;
    this.audit = audit;
  }

  @Override
  public void contribute(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Query",
        type ->
            type.dataFetcher("sessions", this::sessions)
                .dataFetcher("session", this::session)
                .dataFetcher("stats", this::stats)
                .dataFetcher("cluster", env -> clusterView())
                .dataFetcher("recentEvents", this::recentEvents)
                .dataFetcher("auditLog", this::auditLog));
    wiring.type("Instance", type -> type.dataFetcher("stats", this::instanceStats));
    wiring.type(
        "Session",
        type -> type.dataFetcher("idleMs", env -> env.<SessionView>getSource().idleMillis()));
    wiring.type(
        "Filters",
        type ->
            type.dataFetcher(
                "labels", env -> Views.labels(env.<SubscriptionFilters>getSource().labels())));
  }

  private CompletableFuture<DataFetcherResult<Map<String, Object>>> sessions(
      DataFetchingEnvironment env) {
    int first =
        Arguments.between("first", env.getArgument("first"), 50, 0, SessionPageRequest.MAX_FIRST);
    SessionSort sort = Arguments.sessionSort(env.getArgument("sort"));
    SessionPageRequest request =
        new SessionPageRequest(
            Arguments.sessionFilter(env.getArgument("filter")),
            sort,
            first,
            Arguments.cursor(env.getArgument("after")));
    return sessions
        .page(request)
        .thenApply(page -> Results.partial(Views.connection(page, sort), page.unavailable(), env))
        .toCompletableFuture();
  }

  private CompletableFuture<DataFetcherResult<SessionView>> session(DataFetchingEnvironment env) {
    String id = env.getArgument("id");
    return sessions
        .find(id)
        .thenApply(found -> Results.partial(found.session(), found.unavailable(), env))
        .toCompletableFuture();
  }

  private CompletableFuture<DataFetcherResult<Map<String, Object>>> stats(
      DataFetchingEnvironment env) {
    String instanceId = env.getArgument("instanceId");
    return stats
        .snapshot(instanceId)
        .thenApply(
            report -> Results.partial(requiredStats(report, instanceId), report.unavailable(), env))
        .toCompletableFuture();
  }

  private static Map<String, Object> requiredStats(StatsReport report, String instanceId) {
    if (report.stats() == null) {
      throw new AdminApiException(
          ErrorCode.NOT_FOUND, "no live instance with id \"" + instanceId + "\"");
    }
    return Views.stats(report.stats());
  }

  private CompletableFuture<DataFetcherResult<Map<String, Object>>> instanceStats(
      DataFetchingEnvironment env) {
    InstanceView instance = env.getSource();
    return stats
        .snapshot(instance.id())
        .thenApply(
            report ->
                Results.partial(
                    report.stats() == null ? null : Views.stats(report.stats()),
                    report.unavailable(),
                    env))
        .toCompletableFuture();
  }

  private Map<String, Object> clusterView() {
    return Map.of("localInstanceId", cluster.localInstanceId(), "instances", cluster.instances());
  }

  private CompletableFuture<List<Map<String, Object>>> recentEvents(DataFetchingEnvironment env) {
    int last = Arguments.between("last", env.getArgument("last"), 100, 1, EventQuery.MAX_LIMIT);
    SubscriptionFilters filters = Arguments.filters(env.getArgument("filters"));
    UUID incident = filters.incidentIds().size() == 1 ? filters.incidentIds().get(0) : null;
    EventQuery query =
        new EventQuery(filters, TenantScope.ALL, env.getArgument("tenant"), incident, last);
    return events
        .recent(query)
        .thenApply(found -> found.stream().map(Views::event).toList())
        .toCompletableFuture();
  }

  private CompletableFuture<?> auditLog(DataFetchingEnvironment env) {
    int last = Arguments.between("last", env.getArgument("last"), 100, 1, AuditLog.MAX_LAST);
    return audit.recent(last).toCompletableFuture();
  }
}
