package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.protocol.ClusterCodec;
import io.incidentstream.streaming.StreamingException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Publishes a batch into the shared stream with one run of {@link BusScripts#SEQUENCE}: seqs,
 * history and pub/sub in one atomic step. Message ids and timestamps are made here; the envelopes'
 * JSON is encoded here, once, on the caller's thread, and completed with its seq by the script.
 *
 * <p>Fails fast with a {@link StreamingException} (ingest answers 503) when the connection is down,
 * and when Redis errs or does not answer within {@code command-timeout}. A timeout does not prove
 * the script did not run: a producer that retries after a 503 may publish the batch twice
 * (at-least-once). Thread-safe; never blocks (futures complete on a Lettuce I/O thread, so
 * dependent stages must not block either).
 */
final class RedisSequencer {

  private final ClusterCodec codec = new ClusterCodec();
  private final RedisLink link;
  private final RedisKeys keys;
  private final ClusterMetrics metrics;
  private final String maxLength;
  private final String dedupeTtlMillis;
  private final LongSupplier floor;
  private volatile boolean closed;

  /**
   * @param floor this instance's last delivered seq: a counter Redis lost is re-seeded above it
   */
  RedisSequencer(
      RedisLink link,
      RedisKeys keys,
      ClusterMetrics metrics,
      int historySize,
      long dedupeTtlMillis,
      LongSupplier floor) {
    this.link = link;
    this.keys = keys;
    this.metrics = metrics;
    this.maxLength = Integer.toString(historySize);
    this.dedupeTtlMillis = Long.toString(dedupeTtlMillis);
    this.floor = floor;
  }

  /**
   * Sequences {@code events} for {@code tenant}. With a {@code dedupeKey}, completes with null when
   * another instance already took that key (and so published the batch).
   */
  CompletableFuture<@Nullable List<EventEnvelope>> sequence(
      List<IncidentEvent> events, String tenant, @Nullable String dedupeKey) {
    if (closed) {
      return CompletableFuture.failedFuture(new StreamingException("cluster bus is shut down"));
    }
    StatefulRedisConnection<String, String> connection = link.commands();
    if (connection == null) {
      return CompletableFuture.failedFuture(
          new StreamingException("Redis unavailable: the cluster bus is reconnecting"));
    }
    Instant now = Instant.now();
    List<EventEnvelope> drafts = new ArrayList<>(events.size());
    String[] args = new String[5 + events.size()];
    args[0] = keys.eventsChannel();
    args[1] = maxLength;
    args[2] = Long.toString(floor.getAsLong());
    args[3] = Epochs.randomId();
    args[4] = dedupeTtlMillis;
    for (IncidentEvent event : events) {
      EventEnvelope draft = EventEnvelope.wrap(UUID.randomUUID(), 0, now, tenant, event);
      args[5 + drafts.size()] = new String(codec.encodeEnvelopeTail(draft), StandardCharsets.UTF_8);
      drafts.add(draft);
    }
    String[] scriptKeys =
        dedupeKey == null
            ? new String[] {keys.seq(), keys.epoch(), keys.history()}
            : new String[] {keys.seq(), keys.epoch(), keys.history(), dedupeKey};
    return BusScripts.SEQUENCE
        .<List<Object>>run(connection.async(), ScriptOutputType.MULTI, scriptKeys, args)
        .handle((result, failure) -> sequenced(drafts, result, failure));
  }

  void close() {
    closed = true;
  }

  private @Nullable List<EventEnvelope> sequenced(
      List<EventEnvelope> drafts, @Nullable List<Object> result, @Nullable Throwable failure) {
    if (failure != null) {
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      throw new CompletionException(
          new StreamingException("Redis did not sequence the batch: " + cause, cause));
    }
    if (result == null || result.size() < 2) {
      return null;
    }
    long first = ((Number) result.get(1)).longValue();
    List<EventEnvelope> envelopes = new ArrayList<>(drafts.size());
    for (EventEnvelope draft : drafts) {
      envelopes.add(
          new EventEnvelope(
              draft.messageId(),
              first + envelopes.size(),
              draft.timestamp(),
              draft.priority(),
              draft.tenant(),
              draft.event()));
    }
    metrics.published(envelopes.size());
    return envelopes;
  }
}
