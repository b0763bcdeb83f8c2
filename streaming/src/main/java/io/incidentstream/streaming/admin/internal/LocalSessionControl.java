package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.DisconnectResult;
import io.incidentstream.domain.port.SessionControl;
import io.incidentstream.streaming.ws.LocalSessions;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The {@link SessionControl} of this instance's sessions. Thread-safe. */
@Singleton
final class LocalSessionControl implements SessionControl {

  private final LocalSessions sessions;

  LocalSessionControl(LocalSessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public CompletionStage<DisconnectResult> disconnectSession(String sessionId, String reason) {
    SessionControl.checkReason(reason);
    List<String> closed = sessions.disconnect(sessionId, reason).stream().toList();
    return CompletableFuture.completedFuture(new DisconnectResult(closed, List.of()));
  }

  @Override
  public CompletionStage<DisconnectResult> disconnectSubject(String subject, String reason) {
    SessionControl.checkReason(reason);
    return sessions
        .disconnectSubject(subject, reason)
        .thenApply(closed -> new DisconnectResult(closed, List.of()));
  }
}
