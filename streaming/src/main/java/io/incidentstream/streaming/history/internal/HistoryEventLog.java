package io.incidentstream.streaming.history.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.port.EventLog;
import io.incidentstream.domain.port.EventQuery;
import jakarta.inject.Singleton;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The {@link EventLog} of both modes, read from this instance's {@link InMemoryEventHistory} (in
 * clustered mode, its copy of the shared Redis history: preloaded at start, back-filled on gaps). A
 * look-up by incident id walks that incident's index entries only; any other read walks the history
 * from its newest event until it has {@code limit} answers. Reads run on the caller's thread
 * without a lock and copy their answer; they never touch the dispatch thread or an event loop.
 * Thread-safe.
 */
@Singleton
final class HistoryEventLog implements EventLog {

  private final InMemoryEventHistory history;

  HistoryEventLog(InMemoryEventHistory history) {
    this.history = Objects.requireNonNull(history, "history");
  }

  @Override
  public CompletionStage<List<EventEnvelope>> recent(EventQuery query) {
    Objects.requireNonNull(query, "query");
    UUID incident = query.incidentId();
    Iterator<EventEnvelope> candidates =
        incident == null ? history.newestFirst() : history.newestFirstOfIncident(incident);
    return CompletableFuture.completedFuture(query.select(candidates));
  }
}
