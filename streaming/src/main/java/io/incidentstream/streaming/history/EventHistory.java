package io.incidentstream.streaming.history;

import io.incidentstream.domain.event.EventEnvelope;
import java.util.List;

/**
 * The recent past of the stream, for clients that resume with {@code since}. Keeps the last {@code
 * history-size} events and at least those younger than {@code history-retention}. Thread-safe: one
 * appender (the bus), any number of readers. The bus fills it in both modes: in clustered mode it
 * is this instance's copy of the shared history, preloaded from Redis at start.
 */
public interface EventHistory {

  /** Appends the next event; {@code seq} must be greater than any appended before. */
  void append(EventEnvelope envelope);

  /**
   * Events with {@code afterSeq < seq <= upToSeq}, oldest first. {@code complete} is false when the
   * history no longer reaches back to {@code afterSeq + 1}.
   */
  Slice range(long afterSeq, long upToSeq);

  /**
   * The first at most {@code limit} events of {@link #range(long, long)}: catch-up reads the
   * history in bounded chunks. Implementations should override this to avoid copying the rest.
   */
  default Slice range(long afterSeq, long upToSeq, int limit) {
    Slice all = range(afterSeq, upToSeq);
    List<EventEnvelope> events = all.events();
    return events.size() <= limit ? all : new Slice(all.complete(), events.subList(0, limit));
  }

  /** The highest seq appended, or 0 when empty. */
  long lastSeq();

  /**
   * Forgets every event, so that appending may start again from a lower seq. Only for a stream that
   * restarted below what was delivered (clustered mode, after Redis lost its history); called by
   * the appender. A reader racing it may see part of the old events: the bus closes every
   * connection on such a restart anyway.
   */
  void clear();

  record Slice(boolean complete, List<EventEnvelope> events) {
    public Slice {
      events = List.copyOf(events);
    }
  }
}
