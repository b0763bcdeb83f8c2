package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.Receipt;
import io.incidentstream.streaming.StreamingException;
import io.incidentstream.streaming.cluster.ClusterBus;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.fanout.Broadcaster;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.history.internal.InMemoryEventHistory;
import io.incidentstream.streaming.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded-mode bus: callers enqueue batches on a lock-free queue; one sequencer thread assigns
 * {@code seq}, appends the history and calls the broadcaster, one event after the other, each batch
 * contiguous. A producer {@code message_id} already sequenced for the same tenant within {@code
 * history-retention} is answered with its original seq and not sequenced again ({@link
 * RecentMessageIds}). Thread-safe: any number of publishers, one sequencer.
 *
 * <p>Created eagerly ({@code @Context}): a missing broadcaster fails start-up, not the first
 * publish, and the bus meters exist before the first scrape.
 *
 * <p>Futures complete on the sequencer thread: dependent stages must not block (use the {@code
 * *Async} variants for slow work).
 */
@Context
@Requires(missingProperty = "redis.uri")
public final class InProcessClusterBus implements ClusterBus, AutoCloseable {

  static final String THREAD_NAME = "cluster-bus-sequencer";

  private static final Logger LOG = LoggerFactory.getLogger(InProcessClusterBus.class);
  private static final long REJECTION_LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final ConcurrentLinkedQueue<Batch> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger pending = new AtomicInteger();
  private final AtomicLong lastRejectionLog =
      new AtomicLong(System.nanoTime() - Long.MAX_VALUE / 2);
  private final EventHistory history;
  private final Broadcaster broadcaster;
  private final BusConfiguration config;
  private final Counter published;
  private final Counter rejected;
  private final Counter broadcastErrors;
  private final Thread sequencer;
  // Touched only by the sequencer thread.
  private final RecentMessageIds recentIds;

  private volatile boolean closed;
  // Touched only by the sequencer thread.
  private long lastSeq;

  public InProcessClusterBus(
      EventHistory history,
      Broadcaster broadcaster,
      BusConfiguration config,
      StreamConfiguration stream,
      MeterRegistry meters) {
    this.history = Objects.requireNonNull(history, "history");
    this.recentIds =
        new RecentMessageIds(
            stream.historyRetention(),
            (int)
                Math.min(
                    Integer.MAX_VALUE,
                    (long) stream.historySize() * InMemoryEventHistory.HARD_CAP_FACTOR));
    this.broadcaster = Objects.requireNonNull(broadcaster, "broadcaster");
    this.config = Objects.requireNonNull(config, "config");
    this.published =
        Counter.builder(MetricNames.BUS_EVENTS_PUBLISHED)
            .description("Events this instance sequenced into the stream")
            .register(meters);
    this.rejected =
        Counter.builder(MetricNames.BUS_BATCHES_REJECTED)
            .description("Batches refused because the sequencer queue was full")
            .register(meters);
    this.broadcastErrors =
        Counter.builder(MetricNames.BUS_BROADCAST_ERRORS)
            .description("Sequenced events the bus failed to hand to fan-out")
            .register(meters);
    Gauge.builder(MetricNames.BUS_PENDING_BATCHES, pending, AtomicInteger::get)
        .description("Batches waiting for the sequencer")
        .register(meters);
    this.lastSeq = history.lastSeq();
    this.sequencer = new Thread(this::runSequencer, THREAD_NAME);
    this.sequencer.setDaemon(true);
    this.sequencer.start();
  }

  @Override
  public CompletableFuture<List<Receipt>> submit(
      List<ProducedEvent> events, String tenant, @Nullable String traceparent) {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(tenant, "tenant");
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    if (closed) {
      return reject("cluster bus is shut down");
    }
    if (pending.incrementAndGet() > config.maxPendingBatches()) {
      pending.decrementAndGet();
      return reject("cluster bus overloaded: " + config.maxPendingBatches() + " batches waiting");
    }
    Batch batch = new Batch(List.copyOf(events), tenant, traceparent, new CompletableFuture<>());
    queue.offer(batch);
    LockSupport.unpark(sequencer);
    if (closed) {
      // Raced close(): the sequencer may be gone, so nobody else would complete this batch.
      failLeftovers();
    }
    return batch.future();
  }

  /** Batches waiting for the sequencer. */
  public int pendingBatches() {
    return pending.get();
  }

  /** Stops accepting, lets the sequencer drain what is queued, then fails anything left. */
  @PreDestroy
  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(sequencer);
    try {
      sequencer.join(config.shutdownTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (sequencer.isAlive()) {
      LOG.warn("Sequencer did not drain in {}; interrupting it", config.shutdownTimeout());
      sequencer.interrupt();
    }
    failLeftovers();
  }

  private CompletableFuture<List<Receipt>> reject(String reason) {
    rejected.increment();
    logRejection(reason);
    return CompletableFuture.failedFuture(new StreamingException(reason));
  }

  /** At most one line per interval: under overload every publish is refused. */
  private void logRejection(String reason) {
    long now = System.nanoTime();
    long last = lastRejectionLog.get();
    if (now - last >= REJECTION_LOG_INTERVAL_NANOS && lastRejectionLog.compareAndSet(last, now)) {
      LOG.warn("Refusing publishes: {} ({} refused so far)", reason, (long) rejected.count());
    }
  }

  private void runSequencer() {
    LOG.debug("Sequencer started after seq {}", lastSeq);
    while (!Thread.currentThread().isInterrupted()) {
      Batch batch = queue.poll();
      if (batch != null) {
        pending.decrementAndGet();
        sequence(batch);
      } else if (closed) {
        break;
      } else {
        LockSupport.parkNanos(this, TimeUnit.SECONDS.toNanos(1));
      }
    }
    LOG.debug("Sequencer stopped at seq {}", lastSeq);
  }

  private void sequence(Batch batch) {
    List<Receipt> receipts = new ArrayList<>(batch.events().size());
    try {
      for (ProducedEvent event : batch.events()) {
        receipts.add(sequenceOne(event, batch.tenant(), batch.traceparent()));
      }
    } catch (RuntimeException e) {
      LOG.error("Sequencing failed after seq {}; batch not fully published", lastSeq, e);
      batch.future().completeExceptionally(new StreamingException("sequencing failed", e));
      return;
    }
    batch.future().complete(receipts);
  }

  private Receipt sequenceOne(ProducedEvent produced, String tenant, @Nullable String traceparent) {
    Instant now = Instant.now();
    UUID producerId = produced.messageId();
    if (producerId != null) {
      Long original = recentIds.seqOf(tenant, producerId, now);
      if (original != null) {
        return new Receipt.Duplicate(producerId, original);
      }
    }
    long seq = lastSeq + 1;
    UUID messageId = producerId == null ? UUID.randomUUID() : producerId;
    EventEnvelope envelope =
        EventEnvelope.wrap(messageId, seq, now, tenant, produced.event(), traceparent);
    history.append(envelope);
    lastSeq = seq;
    if (producerId != null) {
      recentIds.remember(tenant, producerId, seq, now);
    }
    published.increment();
    broadcast(envelope);
    return new Receipt.Sequenced(envelope);
  }

  private void broadcast(EventEnvelope envelope) {
    try {
      broadcaster.onEvent(envelope);
    } catch (RuntimeException e) {
      broadcastErrors.increment();
      LOG.error(
          "Broadcaster failed on seq {} ({}); the event stays in history",
          envelope.seq(),
          envelope.event().type().wire(),
          e);
    }
  }

  private void failLeftovers() {
    Batch batch;
    while ((batch = queue.poll()) != null) {
      pending.decrementAndGet();
      batch.future().completeExceptionally(new StreamingException("cluster bus is shut down"));
    }
  }

  private record Batch(
      List<ProducedEvent> events,
      String tenant,
      @Nullable String traceparent,
      CompletableFuture<List<Receipt>> future) {}
}
