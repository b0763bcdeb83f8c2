package io.incidentstream.streaming.support;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.streaming.history.EventHistory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * A bounded in-memory history for the /ws tests, so they depend on no production implementation.
 * Thread-safe (synchronized).
 */
@Singleton
@Requires(env = WsTestEnv.NAME)
@Replaces(EventHistory.class)
public class TestEventHistory implements EventHistory {

  /** Events kept by default; a resume from before the oldest is not recovered. */
  public static final int CAPACITY = 50;

  /** Overrides {@link #CAPACITY} for a test that needs a longer history. */
  public static final String CAPACITY_PROPERTY = "ws-test.history-capacity";

  private final List<EventEnvelope> events = new ArrayList<>();
  private final int capacity;

  public TestEventHistory(@Value("${" + CAPACITY_PROPERTY + ":" + CAPACITY + "}") int capacity) {
    this.capacity = capacity;
  }

  @Override
  public synchronized void append(EventEnvelope envelope) {
    events.add(envelope);
    if (events.size() > capacity) {
      events.remove(0);
    }
  }

  @Override
  public synchronized Slice range(long afterSeq, long upToSeq) {
    boolean complete = events.isEmpty() || events.get(0).seq() <= afterSeq + 1;
    List<EventEnvelope> slice =
        events.stream().filter(e -> e.seq() > afterSeq && e.seq() <= upToSeq).toList();
    return new Slice(complete, slice);
  }

  @Override
  public synchronized void clear() {
    events.clear();
  }

  @Override
  public synchronized long lastSeq() {
    return events.isEmpty() ? 0 : events.get(events.size() - 1).seq();
  }
}
