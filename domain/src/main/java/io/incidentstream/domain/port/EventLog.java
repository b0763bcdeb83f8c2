package io.incidentstream.domain.port;

import io.incidentstream.domain.event.EventEnvelope;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Recent events of the stream, read from its history (for the admin API and the console): what
 * {@link EventQuery} selects, with the {@code /ws} filter semantics, never outside the reader's
 * tenant scope. A look-up by incident id goes through an index, not a scan of the history. A read
 * copies its answer and holds no thread of the stream while it runs. Thread-safe.
 */
public interface EventLog {

  /**
   * The newest events the query selects, at most {@link EventQuery#limit()}, oldest first. Only
   * events the history still holds can be returned; completes exceptionally if the history cannot
   * be read.
   */
  CompletionStage<List<EventEnvelope>> recent(EventQuery query);
}
