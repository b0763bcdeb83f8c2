package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.ClusterDirectory;
import io.incidentstream.domain.port.DisconnectResult;
import io.incidentstream.domain.port.SessionControl;
import io.incidentstream.streaming.ws.LocalSessions;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@link SessionControl} of the whole cluster: a session is closed here when it is here, else
 * every other live instance is asked to close it (only its holder does); a subject's sessions are
 * closed on every instance. Thread-safe; never blocks.
 */
@Singleton
final class ClusterSessionControl implements SessionControl {

  private final LocalSessions local;
  private final ClusterDirectory cluster;
  private final PeerClient peers;

  ClusterSessionControl(LocalSessions local, ClusterDirectory cluster, PeerClient peers) {
    this.local = local;
    this.cluster = cluster;
    this.peers = peers;
  }

  @Override
  public CompletionStage<DisconnectResult> disconnectSession(String sessionId, String reason) {
    SessionControl.checkReason(reason);
    Optional<String> here = local.disconnect(sessionId, reason);
    if (here.isPresent()) {
      return CompletableFuture.completedFuture(
          new DisconnectResult(List.of(here.get()), List.of()));
    }
    return askAll(PeerAdminController.DISCONNECT_SESSION, sessionId, reason, List.of());
  }

  @Override
  public CompletionStage<DisconnectResult> disconnectSubject(String subject, String reason) {
    SessionControl.checkReason(reason);
    return local
        .disconnectSubject(subject, reason)
        .thenCompose(
            closedHere ->
                askAll(PeerAdminController.DISCONNECT_SUBJECT, subject, reason, closedHere));
  }

  private CompletableFuture<DisconnectResult> askAll(
      String path, String target, String reason, List<String> closedHere) {
    AdminWire.DisconnectRequest request = new AdminWire.DisconnectRequest(target, reason);
    return Peers.ask(
            cluster,
            null,
            peer -> peers.post(peer, path, request, Argument.of(DisconnectResult.class)))
        .thenApply(
            gathered -> {
              List<String> closed = new ArrayList<>(closedHere);
              gathered.answers().forEach(r -> closed.addAll(r.sessionIds()));
              return new DisconnectResult(closed, gathered.failures());
            });
  }
}
