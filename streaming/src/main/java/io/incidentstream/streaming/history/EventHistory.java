package io.incidentstream.streaming.history;

import io.incidentstream.domain.event.EventEnvelope;
import java.util.List;

/**
 * The recent past of the stream, for clients that resume with {@code since}. Keeps the last {@code
 * history-size} events and at least those younger than {@code history-retention}. Thread-safe: one
 * appender (the bus), any number of readers.
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

  record Slice(boolean complete, List<EventEnvelope> events) {
    public Slice {
      events = List.copyOf(events);
    }
  }
}
