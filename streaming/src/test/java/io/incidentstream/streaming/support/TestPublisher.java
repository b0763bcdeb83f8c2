package io.incidentstream.streaming.support;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.streaming.fanout.Broadcaster;
import io.incidentstream.streaming.history.EventHistory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.UUID;

/**
 * Plays the cluster bus for the /ws tests: assigns seq, appends the history and calls the
 * broadcaster, as one step per event, in seq order. Thread-safe (one lock, like a bus would order).
 */
@Singleton
@Requires(env = WsTestEnv.NAME)
public class TestPublisher {

  private final EventHistory history;
  private final Broadcaster broadcaster;
  private long seq;

  public TestPublisher(EventHistory history, Broadcaster broadcaster) {
    this.history = history;
    this.broadcaster = broadcaster;
  }

  public EventEnvelope publish(IncidentEvent event) {
    return publish(event, EventEnvelope.DEFAULT_TENANT);
  }

  public synchronized EventEnvelope publish(IncidentEvent event, String tenant) {
    seq = Math.max(seq, history.lastSeq()) + 1;
    EventEnvelope envelope =
        EventEnvelope.wrap(UUID.randomUUID(), seq, Instant.now(), tenant, event);
    history.append(envelope);
    broadcaster.onEvent(envelope);
    return envelope;
  }

  public synchronized long lastSeq() {
    return seq;
  }
}
