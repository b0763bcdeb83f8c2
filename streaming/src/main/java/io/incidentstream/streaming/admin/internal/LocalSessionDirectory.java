package io.incidentstream.streaming.admin.internal;

import io.incidentstream.domain.port.SessionDirectory;
import io.incidentstream.domain.port.SessionLookup;
import io.incidentstream.domain.port.SessionPage;
import io.incidentstream.domain.port.SessionPageRequest;
import io.incidentstream.streaming.ws.LocalSessions;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** The {@link SessionDirectory} of this instance's sessions. Thread-safe. */
@Singleton
final class LocalSessionDirectory implements SessionDirectory {

  private final LocalSessions sessions;

  LocalSessionDirectory(LocalSessions sessions) {
    this.sessions = sessions;
  }

  @Override
  public CompletionStage<SessionPage> page(SessionPageRequest request) {
    return sessions.page(request);
  }

  @Override
  public CompletionStage<SessionLookup> find(String sessionId) {
    return sessions
        .find(sessionId)
        .thenApply(view -> new SessionLookup(view.orElse(null), List.of()));
  }
}
