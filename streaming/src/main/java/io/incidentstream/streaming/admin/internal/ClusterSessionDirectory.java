package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.ClusterDirectory;
import io.incidentstream.domain.port.InstanceFailure;
import io.incidentstream.domain.port.SessionDirectory;
import io.incidentstream.domain.port.SessionLookup;
import io.incidentstream.domain.port.SessionPage;
import io.incidentstream.domain.port.SessionPageRequest;
import io.incidentstream.domain.port.SessionView;
import io.incidentstream.streaming.ws.LocalSessions;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@link SessionDirectory} of the whole cluster: this instance's sessions, and every other live
 * instance's through {@link PeerClient}, all asked at once. Each instance answers its own page for
 * the same request; the cluster's page is the first {@code first} of their union in the requested
 * order (exact, since each instance sent its first {@code first}), {@code totalCount} their sum.
 * Alone (embedded, or one instance), it is the local directory. Thread-safe.
 */
@Singleton
final class ClusterSessionDirectory implements SessionDirectory {

  private final LocalSessions local;
  private final ClusterDirectory cluster;
  private final PeerClient peers;

  ClusterSessionDirectory(LocalSessions local, ClusterDirectory cluster, PeerClient peers) {
    this.local = local;
    this.cluster = cluster;
    this.peers = peers;
  }

  @Override
  public CompletionStage<SessionPage> page(SessionPageRequest request) {
    String only = request.filter().instanceId();
    boolean includeLocal = only == null || only.equals(cluster.localInstanceId());
    CompletableFuture<SessionPage> mine =
        includeLocal
            ? local.page(request).toCompletableFuture()
            : CompletableFuture.completedFuture(new SessionPage(List.of(), 0, false, List.of()));
    CompletableFuture<Peers.Gathered<SessionPage>> theirs =
        Peers.ask(
            cluster,
            only,
            peer ->
                peers.post(
                    peer, PeerAdminController.SESSIONS, request, Argument.of(SessionPage.class)));
    return mine.thenCombine(theirs, (own, others) -> merge(request, own, others));
  }

  private static SessionPage merge(
      SessionPageRequest request, SessionPage own, Peers.Gathered<SessionPage> others) {
    if (others.answers().isEmpty() && others.failures().isEmpty()) {
      return own;
    }
    List<SessionView> all = new ArrayList<>(own.sessions());
    int total = own.totalCount();
    boolean more = own.hasNextPage();
    for (SessionPage page : others.answers()) {
      all.addAll(page.sessions());
      total += page.totalCount();
      more |= page.hasNextPage();
    }
    all.sort(request.sort().comparator());
    more |= all.size() > request.first();
    List<SessionView> first = all.subList(0, Math.min(all.size(), request.first()));
    return new SessionPage(first, total, more, others.failures());
  }

  @Override
  public CompletionStage<SessionLookup> find(String sessionId) {
    return local
        .find(sessionId)
        .thenCompose(
            found -> {
              if (found.isPresent()) {
                return CompletableFuture.completedFuture(new SessionLookup(found.get(), List.of()));
              }
              return Peers.ask(
                      cluster,
                      null,
                      peer ->
                          peers.get(
                              peer,
                              PeerAdminController.SESSIONS + "/" + encode(sessionId),
                              Argument.of(AdminWire.FindReply.class)))
                  .thenApply(ClusterSessionDirectory::firstFound);
            });
  }

  private static SessionLookup firstFound(Peers.Gathered<AdminWire.FindReply> gathered) {
    for (AdminWire.FindReply reply : gathered.answers()) {
      if (reply.session() != null) {
        return new SessionLookup(reply.session(), List.of());
      }
    }
    List<InstanceFailure> failures = gathered.failures();
    return new SessionLookup(null, failures);
  }

  static String encode(String pathSegment) {
    return java.net.URLEncoder.encode(pathSegment, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
