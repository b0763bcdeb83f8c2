package io.incidentstream.streaming.cluster.internal;

import static io.incidentstream.domain.event.ProducedEvent.withId;
import static io.incidentstream.streaming.support.TestEvents.system;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.Receipt;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.streaming.StreamingException;
import io.incidentstream.streaming.cluster.ClusterBus;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.history.internal.InMemoryEventHistory;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.RecordingBroadcaster;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class InProcessClusterBusTest {

  private static final int HISTORY_SIZE = 100;

  private final RecordingBroadcaster broadcaster = new RecordingBroadcaster();
  private final InMemoryEventHistory history =
      new InMemoryEventHistory(100_000, Duration.ZERO, Clock.systemUTC());
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private Duration retention = Duration.ofMinutes(10);
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
  void shouldCarryTheBatchTraceParentInEveryEnvelopeItBroadcasts() {
    String traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    List<Receipt> traced =
        bus.submit(
                List.of(ProducedEvent.of(system("a")), ProducedEvent.of(system("b"))),
                "acme",
                traceparent)
            .join();
    bus.publish(List.of(system("c")), "acme").join();

    assertThat(ClusterBus.envelopes(traced))
        .extracting(EventEnvelope::traceparent)
        .containsOnly(traceparent);
    assertThat(broadcaster.received())
        .extracting(EventEnvelope::traceparent)
        .containsExactly(traceparent, traceparent, null);
  }

  @Test
  void shouldSequenceAProducerMessageIdOnceAndAnswerRepeatsWithTheOriginalSeq() {
    UUID id = UUID.randomUUID();
    bus.publish(List.of(system("before")), "acme").join();

    List<Receipt> first = bus.submit(List.of(withId(id, system("a"))), "acme").join();
    List<Receipt> again =
        bus.submit(List.of(withId(id, system("a")), ProducedEvent.of(system("b"))), "acme").join();

    assertThat(first).singleElement().isInstanceOf(Receipt.Sequenced.class);
    assertThat(first.get(0).messageId()).isEqualTo(id);
    assertThat(again.get(0)).isEqualTo(new Receipt.Duplicate(id, first.get(0).seq()));
    assertThat(again.get(1).duplicate()).isFalse();
    assertThat(again.get(1).seq()).isEqualTo(first.get(0).seq() + 1);
    assertThat(broadcaster.received())
        .extracting(e -> ((SystemEvent) e.event()).message())
        .containsExactly("before", "a", "b");
  }

  @Test
  void shouldTreatARepeatWithinOneBatchAsADuplicate() {
    UUID id = UUID.randomUUID();

    List<Receipt> receipts =
        bus.submit(List.of(withId(id, system("a")), withId(id, system("a"))), "acme").join();

    assertThat(receipts).extracting(Receipt::seq).containsExactly(1L, 1L);
    assertThat(receipts).extracting(Receipt::duplicate).containsExactly(false, true);
    assertThat(broadcaster.received()).hasSize(1);
  }

  @Test
  void shouldKeepMessageIdsApartPerTenant() {
    UUID id = UUID.randomUUID();

    Receipt acme = bus.submit(List.of(withId(id, system("a"))), "acme").join().get(0);
    Receipt other = bus.submit(List.of(withId(id, system("a"))), "other").join().get(0);

    assertThat(acme.duplicate()).isFalse();
    assertThat(other.duplicate()).isFalse();
    assertThat(other.seq()).isEqualTo(acme.seq() + 1);
  }

  @Test
  void shouldAcceptAMessageIdAgainOnceTheRetentionHasPassed() {
    bus.close();
    retention = Duration.ofMillis(200);
    bus = newBus(10_000);
    UUID id = UUID.randomUUID();
    long original = bus.submit(List.of(withId(id, system("a"))), "acme").join().get(0).seq();

    await()
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> !bus.submit(List.of(withId(id, system("a"))), "acme").join().get(0).duplicate());

    assertThat(history.lastSeq()).isEqualTo(original + 1);
    assertThat(broadcaster.received()).hasSize(2);
  }

  @Test
  void shouldDeliverEachRacedMessageIdExactlyOnce() {
    List<UUID> ids = IntStream.range(0, 1000).mapToObj(i -> UUID.randomUUID()).toList();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    List<CompletableFuture<List<Receipt>>> futures = new ArrayList<>();
    for (int publisher = 0; publisher < 8; publisher++) {
      futures.add(
          CompletableFuture.supplyAsync(
              () ->
                  ids.stream()
                      .map(id -> bus.submit(List.of(withId(id, system(id.toString()))), "acme"))
                      .map(CompletableFuture::join)
                      .flatMap(List::stream)
                      .toList(),
              pool));
    }
    List<Receipt> receipts =
        futures.stream().map(CompletableFuture::join).flatMap(List::stream).toList();
    pool.shutdown();

    assertThat(broadcaster.received())
        .extracting(EventEnvelope::messageId)
        .containsExactlyInAnyOrderElementsOf(ids);
    assertThat(receipts).filteredOn(r -> !r.duplicate()).hasSize(ids.size());
    for (Receipt receipt : receipts) {
      assertThat(receipt.seq()).isEqualTo(seqOf(receipt.messageId()));
    }
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
    assertThat(overflow.handle((ok, e) -> unwrap(e)).join())
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
    assertThat(late.handle((ok, e) -> unwrap(e)).join())
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
        history,
        broadcaster,
        new BusConfiguration(capacity, Duration.ofSeconds(5)),
        streamConfig(retention),
        meters);
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  private long seqOf(UUID messageId) {
    return broadcaster.received().stream()
        .filter(e -> e.messageId().equals(messageId))
        .findFirst()
        .orElseThrow()
        .seq();
  }

  private static StreamConfiguration streamConfig(Duration retention) {
    return new StreamConfiguration(
        1000,
        1 << 20,
        Duration.ofSeconds(30),
        Duration.ofSeconds(300),
        Duration.ofSeconds(60),
        65536,
        100,
        50_000,
        1000,
        100,
        HISTORY_SIZE,
        retention,
        "test-instance",
        false,
        Duration.ofSeconds(1));
  }

  private static List<Long> seqRange(long from, long to) {
    return LongStream.rangeClosed(from, to).boxed().toList();
  }
}
