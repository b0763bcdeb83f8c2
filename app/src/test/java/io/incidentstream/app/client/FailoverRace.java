package io.incidentstream.app.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.client.ClientError;
import io.incidentstream.client.Filters;
import io.incidentstream.client.IncidentStreamClient;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.support.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The Java client's gapless fail-over: a publisher sends {@value #EVENTS} events at full speed
 * (each as soon as the bus accepted the previous one) while the instance the client is connected to
 * goes away half-way through; the client reconnects to the next instance of its list and resumes
 * with {@code since} and {@code epoch}. Afterwards the listener's seqs must equal, exactly, the
 * seqs of the history that its filter selects: no gap, no duplicate, in order. The reference uses a
 * plain predicate, not the matcher under test.
 */
final class FailoverRace {

  static final int EVENTS = 2_000;

  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final UUID INCIDENT = UUID.fromString("0d6f3a52-8f1e-4c0b-9d47-3b2a61c5e9f0");

  /** The subscription's filter, and the same rule as a plain predicate. */
  private static final Predicate<IncidentEvent> P0_P1_OR_SYSTEM =
      e ->
          e instanceof SystemEvent
              || (e instanceof Escalated x
                  && (x.toSeverity() == Severity.P0 || x.toSeverity() == Severity.P1));

  private final EventPublisher publisher;
  private final EventHistory history;

  /**
   * @param publisher publishes on an instance that stays up
   * @param history that instance's history: the reference
   */
  FailoverRace(EventPublisher publisher, EventHistory history) {
    this.publisher = publisher;
    this.history = history;
  }

  /**
   * Runs the race: the client starts on {@code urls.get(0)}; {@code takeDown} makes that instance
   * go away once the client has received events and half of them are published.
   *
   * @return what the client reported
   */
  Recorder run(List<URI> urls, Runnable takeDown) throws Exception {
    Recorder recorder = new Recorder();
    IncidentStreamClient client =
        IncidentStreamClient.builder()
            .urls(urls)
            .token(TestTokens.viewer())
            .backoff(Duration.ofMillis(50), Duration.ofSeconds(1), 2)
            .listener(recorder)
            .build();
    client.subscribe(
        "ops", Filters.builder().severities(Severity.P0, Severity.P1).build(), recorder);
    client.connect();
    try {
      await().atMost(WAIT).until(() -> !recorder.subscribedEpochs.isEmpty());
      List<EventEnvelope> published = new CopyOnWriteArrayList<>();
      CountDownLatch halfway = new CountDownLatch(1);
      CountDownLatch down = new CountDownLatch(1);
      CompletableFuture<Void> publishing =
          CompletableFuture.runAsync(() -> publishAll(published, halfway, down));
      halfway.await(WAIT.toSeconds(), TimeUnit.SECONDS);
      await().atMost(WAIT).until(() -> recorder.seqs.size() >= 100);
      // The second half goes out while the instance drains (or is dead) and the client reconnects.
      down.countDown();
      takeDown.run();
      publishing.get(2, TimeUnit.MINUTES);

      long first = published.get(0).seq();
      long last = published.get(published.size() - 1).seq();
      await().atMost(WAIT).until(() -> history.lastSeq() >= last);
      EventHistory.Slice slice = history.range(first - 1, last);
      assertThat(slice.complete()).as("the history holds the whole race").isTrue();
      List<Long> expected =
          slice.events().stream()
              .filter(e -> P0_P1_OR_SYSTEM.test(e.event()))
              .map(EventEnvelope::seq)
              .toList();
      await()
          .atMost(WAIT)
          .failFast("the client stopped: " + recorder, () -> client.stopped().isDone())
          .until(() -> recorder.seqs.size() >= expected.size());

      assertThat(recorder.seqs)
          .as("the seqs the listener got (client log: %s)", recorder.log)
          .containsExactlyElementsOf(expected);
      assertThat(recorder.connected).as("connections that reached welcome").hasSize(2);
      assertThat(recorder.connected.get(1)).contains(urls.get(1).toString());
      assertThat(recorder.notRecovered).as("every resume recovered").isEmpty();
      assertThat(recorder.errors)
          .extracting(ClientError::kind)
          .doesNotContain(ClientError.Kind.OUT_OF_ORDER, ClientError.Kind.SLOW_LISTENER);
      return recorder;
    } finally {
      client.close();
    }
  }

  private void publishAll(
      List<EventEnvelope> published, CountDownLatch halfway, CountDownLatch down) {
    for (int i = 0; i < EVENTS; i++) {
      if (i == EVENTS / 2) {
        halfway.countDown();
        awaitLatch(down);
      }
      published.add(publish(event(i)));
    }
  }

  private EventEnvelope publish(IncidentEvent event) {
    try {
      return publisher.publish(event).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("publishing during the fail-over race failed", e);
    }
  }

  private static void awaitLatch(CountDownLatch latch) {
    try {
      if (!latch.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
        throw new IllegalStateException("the instance was never taken down");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Escalations to every severity in turn, and every fifth a system event. */
  private static IncidentEvent event(int i) {
    if (i % 5 == 4) {
      return new SystemEvent("failover", "event " + i, Map.of());
    }
    Severity to = Severity.values()[i % Severity.values().length];
    return new Escalated(INCIDENT, Severity.P4, to, "event " + i);
  }
}
