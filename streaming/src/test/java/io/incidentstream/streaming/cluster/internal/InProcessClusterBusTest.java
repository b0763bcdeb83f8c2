package io.incidentstream.streaming.cluster.internal;

import static io.incidentstream.streaming.support.TestEvents.system;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.streaming.StreamingException;
import io.incidentstream.streaming.history.internal.InMemoryEventHistory;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.RecordingBroadcaster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessClusterBusTest {

  private final RecordingBroadcaster broadcaster = new RecordingBroadcaster();
  private final InMemoryEventHistory history =
      new InMemoryEventHistory(100_000, Duration.ZERO, Clock.systemUTC());
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private InProcessClusterBus bus = newBus(10_000);

  @AfterEach
  void tearDown() {
    broadcaster.open();
    bus.close();
  }

  @Test
  void shouldAssignSeqFromOneAndCompleteWithTheEnvelopes() {
    List<EventEnvelope> envelopes = bus.publish(List.of(system("a"), system("b")), "acme").join();

    assertThat(envelopes).extracting(EventEnvelope::seq).containsExactly(1L, 2L);
    assertThat(envelopes).extracting(EventEnvelope::tenant).containsOnly("acme");
    assertThat(envelopes)
        .extracting(e -> ((SystemEvent) e.event()).message())
        .containsExactly("a", "b");
    assertThat(history.lastSeq()).isEqualTo(2);
    assertThat(broadcaster.received()).isEqualTo(envelopes);
  }

  @Test
  void shouldDeliverInSeqOrderWithContiguousBatchesUnderConcurrentPublishers() {
    int threads = 6;
    int batchesPerThread = 200;
    int batchSize = 5;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<CompletableFuture<List<EventEnvelope>>> futures = new ArrayList<>();
    try {
      List<CompletableFuture<List<CompletableFuture<List<EventEnvelope>>>>> submitted =
          IntStream.range(0, threads)
              .mapToObj(
                  t ->
                      CompletableFuture.supplyAsync(
                          () -> publishMany(t, batchesPerThread, batchSize), pool))
              .toList();
      submitted.forEach(s -> futures.addAll(s.join()));
    } finally {
      pool.shutdown();
    }
    futures.forEach(CompletableFuture::join);

    int total = threads * batchesPerThread * batchSize;
    List<EventEnvelope> seen = broadcaster.received();
    assertThat(seen).extracting(EventEnvelope::seq).containsExactlyElementsOf(seqRange(1, total));
    for (CompletableFuture<List<EventEnvelope>> future : futures) {
      List<Long> seqs = future.join().stream().map(EventEnvelope::seq).toList();
      assertThat(seqs.get(seqs.size() - 1) - seqs.get(0)).isEqualTo(batchSize - 1);
      assertThat(messagesOf(future.join())).allMatch(m -> m.startsWith(prefixOf(future.join())));
    }
  }

  @Test
  void shouldKeepSequencingWhenTheBroadcasterFails() {
    broadcaster.failWhen(e -> e.seq() == 2);

    List<EventEnvelope> envelopes =
        bus.publish(List.of(system("a"), system("b"), system("c")), "default").join();
    EventEnvelope next = bus.publish(List.of(system("d")), "default").join().get(0);

    assertThat(envelopes).extracting(EventEnvelope::seq).containsExactly(1L, 2L, 3L);
    assertThat(next.seq()).isEqualTo(4);
    assertThat(broadcaster.received())
        .extracting(EventEnvelope::seq)
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(history.range(0, 4).events()).hasSize(4);
    assertThat(meters.counter(MetricNames.BUS_BROADCAST_ERRORS).count()).isEqualTo(1.0);
  }

  @Test
  void shouldFailFastWhenTooManyBatchesWait() {
    bus.close();
    bus = newBus(1);
    broadcaster.close();
    CompletableFuture<List<EventEnvelope>> inFlight = bus.publish(List.of(system("a")), "default");
    await().until(broadcaster::isWaiting);
    CompletableFuture<List<EventEnvelope>> queued = bus.publish(List.of(system("b")), "default");

    CompletableFuture<List<EventEnvelope>> overflow = bus.publish(List.of(system("c")), "default");

    assertThat(overflow).isCompletedExceptionally();
    assertThat(overflow.handle((ok, e) -> e).join())
        .isInstanceOf(StreamingException.class)
        .hasMessageContaining("overloaded");
    broadcaster.open();
    assertThat(inFlight.join().get(0).seq()).isEqualTo(1);
    assertThat(queued.join().get(0).seq()).isEqualTo(2);
    assertThat(bus.pendingBatches()).isZero();
  }

  @Test
  void shouldDrainQueuedBatchesOnCloseAndRejectAfterwards() {
    CompletableFuture<List<EventEnvelope>> accepted = bus.publish(List.of(system("a")), "default");

    bus.close();

    assertThat(accepted.join()).hasSize(1);
    CompletableFuture<List<EventEnvelope>> late = bus.publish(List.of(system("b")), "default");
    assertThat(late).isCompletedExceptionally();
    assertThat(late.handle((ok, e) -> e).join())
        .isInstanceOf(StreamingException.class)
        .hasMessageContaining("shut down");
  }

  @Test
  void shouldContinueAfterTheLastSeqAlreadyInHistory() {
    bus.publish(List.of(system("a"), system("b")), "default").join();
    bus.close();
    bus = newBus(10);

    assertThat(bus.publish(List.of(system("c")), "default").join().get(0).seq()).isEqualTo(3);
  }

  @Test
  void shouldRunTheSequencerOnANamedDaemonThread() {
    AtomicReference<Thread> caller = new AtomicReference<>();
    broadcaster.failWhen(
        e -> {
          caller.set(Thread.currentThread());
          return false;
        });

    bus.publish(List.of(system("a")), "default").join();

    assertThat(caller.get().getName()).isEqualTo(InProcessClusterBus.THREAD_NAME);
    assertThat(caller.get().isDaemon()).isTrue();
  }

  private List<CompletableFuture<List<EventEnvelope>>> publishMany(
      int thread, int batches, int size) {
    List<CompletableFuture<List<EventEnvelope>>> futures = new ArrayList<>();
    for (int b = 0; b < batches; b++) {
      String prefix = thread + "/" + b + "/";
      List<IncidentEvent> batch =
          IntStream.range(0, size).mapToObj(i -> system(prefix + i)).toList();
      futures.add(bus.publish(batch, "default"));
    }
    return futures;
  }

  private static List<String> messagesOf(List<EventEnvelope> batch) {
    return batch.stream().map(e -> ((SystemEvent) e.event()).message()).toList();
  }

  private static String prefixOf(List<EventEnvelope> batch) {
    String first = messagesOf(batch).get(0);
    return first.substring(0, first.lastIndexOf('/') + 1);
  }

  private InProcessClusterBus newBus(int capacity) {
    return new InProcessClusterBus(
        history, broadcaster, new BusConfiguration(capacity, Duration.ofSeconds(5)), meters);
  }

  private static List<Long> seqRange(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
