package io.incidentstream.streaming.history.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.metrics.MetricNames;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * The history of both modes (in clustered mode each instance keeps its own copy, filled by the
 * bus's receiver): a seq-ordered window over the last {@code history-size} events that also keeps
 * every event younger than {@code history-retention}, up to a hard cap of {@value #HARD_CAP_FACTOR}
 * times {@code history-size} so a burst cannot exhaust the heap. Events that name an incident are
 * indexed by it, for {@link HistoryEventLog}. Thread-safe: one appender, any number of lock-free
 * readers.
 */
@Context
public final class InMemoryEventHistory implements EventHistory {

  /** Retention may hold at most this many times {@code history-size} events. */
  public static final int HARD_CAP_FACTOR = 10;

  private final ConcurrentSkipListMap<Long, EventEnvelope> events = new ConcurrentSkipListMap<>();
  // Seqs of the events held that name an incident, per incident, oldest first: appended and
  // evicted in seq order, so each deque only grows at its tail and shrinks at its head.
  private final ConcurrentHashMap<UUID, ConcurrentLinkedDeque<Long>> byIncident =
      new ConcurrentHashMap<>();
  private final int size;
  private final int hardCap;
  private final Duration retention;
  private final Clock clock;

  // Written only by the appender; volatile so readers see them without a lock.
  private volatile int count;
  private volatile long lastSeq;
  // Highest seq ever evicted: written before the eviction, so a reader that misses an event
  // always sees it here afterwards.
  private volatile long evictedUpTo;

  @Inject
  public InMemoryEventHistory(StreamConfiguration config, MeterRegistry meters) {
    this(config.historySize(), config.historyRetention(), Clock.systemUTC());
    Gauge.builder(MetricNames.HISTORY_SIZE, this, h -> h.count)
        .description("Events held in the in-memory history")
        .register(meters);
    Gauge.builder(MetricNames.HISTORY_OLDEST_SEQ, this, InMemoryEventHistory::oldestSeq)
        .description("Oldest seq a resuming client can still recover")
        .register(meters);
    Gauge.builder(MetricNames.HISTORY_OLDEST_AGE, this, InMemoryEventHistory::oldestAgeSeconds)
        .description("Age of the oldest event held (0 when empty)")
        .baseUnit("seconds")
        .register(meters);
  }

  public InMemoryEventHistory(int size, Duration retention, Clock clock) {
    if (size < 1) {
      throw new IllegalArgumentException("history-size must be >= 1, was " + size);
    }
    if (retention.isNegative()) {
      throw new IllegalArgumentException("history-retention must be >= 0, was " + retention);
    }
    this.size = size;
    this.hardCap = (int) Math.min(Integer.MAX_VALUE, (long) size * HARD_CAP_FACTOR);
    this.retention = retention;
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public void append(EventEnvelope envelope) {
    long seq = envelope.seq();
    if (seq <= lastSeq) {
      throw new IllegalArgumentException(
          "seq must increase: got " + seq + " after " + lastSeq + " (bug in the appender)");
    }
    events.put(seq, envelope);
    index(envelope);
    lastSeq = seq;
    count = count + 1;
    evictExpired();
  }

  @Override
  public Slice range(long afterSeq, long upToSeq) {
    return range(afterSeq, upToSeq, Integer.MAX_VALUE);
  }

  @Override
  public Slice range(long afterSeq, long upToSeq, int limit) {
    if (upToSeq <= afterSeq || limit < 1) {
      return new Slice(afterSeq >= evictedUpTo, List.of());
    }
    ConcurrentNavigableMap<Long, EventEnvelope> window =
        events.subMap(afterSeq, false, upToSeq, true);
    List<EventEnvelope> found = copy(window, limit);
    // Read after copying: an eviction that raced the copy is visible here.
    long evicted = evictedUpTo;
    if (afterSeq >= evicted) {
      return new Slice(true, found);
    }
    // The copy may have skipped entries evicted under it: keep only the gap-free part after them.
    found.removeIf(e -> e.seq() <= evicted);
    return new Slice(false, found);
  }

  private static List<EventEnvelope> copy(Map<Long, EventEnvelope> window, int limit) {
    if (limit == Integer.MAX_VALUE) {
      return new ArrayList<>(window.values());
    }
    List<EventEnvelope> found = new ArrayList<>(Math.min(limit, 256));
    for (EventEnvelope envelope : window.values()) {
      if (found.size() == limit) {
        break;
      }
      found.add(envelope);
    }
    return found;
  }

  @Override
  public long lastSeq() {
    return lastSeq;
  }

  @Override
  public void clear() {
    evictedUpTo = 0;
    lastSeq = 0;
    count = 0;
    events.clear();
    byIncident.clear();
  }

  /** Every event held, newest first; weakly consistent (events may be evicted meanwhile). */
  public Iterator<EventEnvelope> newestFirst() {
    return events.descendingMap().values().iterator();
  }

  /**
   * The events held that name {@code incidentId}, newest first, through the incident index: the
   * cost grows with that incident's events, not with the history. Weakly consistent.
   */
  public Iterator<EventEnvelope> newestFirstOfIncident(UUID incidentId) {
    ConcurrentLinkedDeque<Long> seqs = byIncident.get(incidentId);
    if (seqs == null) {
      return Collections.emptyIterator();
    }
    Iterator<Long> newest = seqs.descendingIterator();
    return new Iterator<>() {
      private @Nullable EventEnvelope next = advance();

      private @Nullable EventEnvelope advance() {
        while (newest.hasNext()) {
          EventEnvelope held = events.get(newest.next());
          if (held != null) {
            return held;
          }
        }
        return null;
      }

      @Override
      public boolean hasNext() {
        return next != null;
      }

      @Override
      public EventEnvelope next() {
        EventEnvelope current = next;
        if (current == null) {
          throw new NoSuchElementException();
        }
        next = advance();
        return current;
      }
    };
  }

  /** Incidents with at least one event held (for tests and metrics). */
  int indexedIncidents() {
    return byIncident.size();
  }

  private void index(EventEnvelope envelope) {
    UUID incident = envelope.event().filterIncidentId();
    if (incident != null) {
      byIncident
          .computeIfAbsent(incident, id -> new ConcurrentLinkedDeque<>())
          .addLast(envelope.seq());
    }
  }

  private void unindex(EventEnvelope envelope) {
    UUID incident = envelope.event().filterIncidentId();
    if (incident == null) {
      return;
    }
    byIncident.computeIfPresent(
        incident,
        (id, seqs) -> {
          seqs.remove(envelope.seq());
          return seqs.isEmpty() ? null : seqs;
        });
  }

  /** Events currently held. */
  public int size() {
    return count;
  }

  /** The oldest seq held, or 0 when empty. */
  public long oldestSeq() {
    Map.Entry<Long, EventEnvelope> first = events.firstEntry();
    return first == null ? 0 : first.getKey();
  }

  /** Seconds since the oldest event held was sequenced; 0 when the history is empty. */
  double oldestAgeSeconds() {
    Map.Entry<Long, EventEnvelope> first = events.firstEntry();
    if (first == null) {
      return 0;
    }
    Duration age = Duration.between(first.getValue().timestamp(), clock.instant());
    return Math.max(0, age.toNanos() / 1e9);
  }

  private void evictExpired() {
    Instant keepAfter = clock.instant().minus(retention);
    while (count > size) {
      Map.Entry<Long, EventEnvelope> oldest = events.firstEntry();
      if (oldest == null) {
        return;
      }
      if (count <= hardCap && oldest.getValue().timestamp().isAfter(keepAfter)) {
        return;
      }
      evictedUpTo = oldest.getKey();
      events.remove(oldest.getKey());
      unindex(oldest.getValue());
      count = count - 1;
    }
  }
}
