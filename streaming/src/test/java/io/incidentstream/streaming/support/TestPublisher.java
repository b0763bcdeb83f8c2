package io.incidentstream.streaming.support;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Publishes for the /ws tests through the production path ({@link EventPublisher}, the bus, its
 * sequencer, the history and the fan-out), waiting for each event to be accepted, so that a test
 * can publish, then assert on what clients received. Thread-safe.
 */
@Singleton
@Requires(env = WsTestEnv.NAME)
public class TestPublisher {

  private static final long TIMEOUT_SECONDS = 15;

  private final EventPublisher publisher;

  public TestPublisher(EventPublisher publisher) {
    this.publisher = publisher;
  }

  public EventEnvelope publish(IncidentEvent event) {
    return publish(event, EventEnvelope.DEFAULT_TENANT);
  }

  /** Publishes and returns once the bus has sequenced the event and handed it to fan-out. */
  public EventEnvelope publish(IncidentEvent event, String tenant) {
    try {
      return publisher
          .publish(List.of(event), tenant)
          .get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
          .get(0);
    } catch (Exception e) {
      throw new IllegalStateException("publishing a test event failed", e);
    }
  }
}
