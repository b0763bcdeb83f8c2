package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.Receipt;
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
import java.util.function.BooleanSupplier;
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
 * (at-least-once), unless its events carry their own {@code message_id}: the script remembers those
 * for {@code history-retention} and answers a repeat with the original seq (exactly-once). Also
 * refused while {@code ready} is false: after a reconnect, until the bus has checked the stream on
 * the Redis it reached (see {@link StreamFence}). Thread-safe; never blocks (futures complete on a
 * Lettuce I/O thread, so dependent stages must not block either).
 */
final class RedisSequencer {

  private final ClusterCodec codec = new ClusterCodec();
  private final RedisLink link;
  private final RedisKeys keys;
  private final ClusterMetrics metrics;
  private final String maxLength;
  private final String dedupeTtlMillis;
  private final String messageIdTtlMillis;
  private final LongSupplier floor;
  private final BooleanSupplier ready;
  private volatile boolean closed;

  /**
   * @param floor this instance's last delivered seq: a counter Redis lost is re-seeded above it
   * @param messageIdTtlMillis how long a producer message id is remembered ({@code
   *     history-retention})
   * @param ready false while the stream has not been checked since the connection came back
   */
  RedisSequencer(
      RedisLink link,
      RedisKeys keys,
      ClusterMetrics metrics,
      int historySize,
      long dedupeTtlMillis,
      long messageIdTtlMillis,
      LongSupplier floor,
      BooleanSupplier ready) {
    this.link = link;
    this.keys = keys;
    this.metrics = metrics;
    this.maxLength = Integer.toString(historySize);
    this.dedupeTtlMillis = Long.toString(dedupeTtlMillis);
    this.messageIdTtlMillis = Long.toString(messageIdTtlMillis);
    this.floor = floor;
    this.ready = ready;
  }

  /**
   * Sequences {@code events} for {@code tenant}: one receipt per event, a {@link Receipt.Duplicate}
   * for a producer message id Redis still remembers. With an ingest {@code claim}, completes with
   * null when another instance already took that key (and so published the batch).
   */
  CompletableFuture<@Nullable List<Receipt>> sequence(
      List<ProducedEvent> events,
      String tenant,
      @Nullable String traceparent,
      @Nullable String claim) {
    if (closed) {
      return CompletableFuture.failedFuture(new StreamingException("cluster bus is shut down"));
    }
    StatefulRedisConnection<String, String> connection = link.commands();
    if (connection == null || !ready.getAsBoolean()) {
      return CompletableFuture.failedFuture(
          new StreamingException("Redis unavailable: the cluster bus is reconnecting"));
    }
    Instant now = Instant.now();
    List<EventEnvelope> drafts = new ArrayList<>(events.size());
    List<String> scriptKeys = new ArrayList<>(4 + events.size());
    scriptKeys.add(keys.seq());
    scriptKeys.add(keys.epoch());
    scriptKeys.add(keys.history());
    if (claim != null) {
      scriptKeys.add(claim);
    }
    String[] args = new String[7 + 2 * events.size()];
    args[0] = keys.eventsChannel();
    args[1] = maxLength;
    args[2] = Long.toString(floor.getAsLong());
    args[3] = Epochs.randomId();
    args[4] = dedupeTtlMillis;
    args[5] = claim == null ? "0" : "1";
    args[6] = messageIdTtlMillis;
    for (ProducedEvent event : events) {
      UUID producerId = event.messageId();
      UUID messageId = producerId == null ? UUID.randomUUID() : producerId;
      EventEnvelope draft =
          EventEnvelope.wrap(messageId, 0, now, tenant, event.event(), traceparent);
      int at = 7 + 2 * drafts.size();
      args[at] = producerId == null ? "0" : "1";
      args[at + 1] = new String(codec.encodeEnvelopeTail(draft), StandardCharsets.UTF_8);
      if (producerId != null) {
        scriptKeys.add(keys.messageId(tenant, producerId));
      }
      drafts.add(draft);
    }
    return BusScripts.SEQUENCE
        .<List<Object>>run(
            connection.async(), ScriptOutputType.MULTI, scriptKeys.toArray(String[]::new), args)
        .handle((result, failure) -> sequenced(drafts, result, failure));
  }

  void close() {
    closed = true;
  }

  private @Nullable List<Receipt> sequenced(
      List<EventEnvelope> drafts, @Nullable List<Object> result, @Nullable Throwable failure) {
    if (failure != null) {
      Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
      throw new CompletionException(
          new StreamingException("Redis did not sequence the batch: " + cause, cause));
    }
    if (result == null || result.size() < 3) {
      return null;
    }
    List<?> seqs = (List<?>) result.get(1);
    List<?> duplicates = (List<?>) result.get(2);
    List<Receipt> receipts = new ArrayList<>(drafts.size());
    int published = 0;
    for (EventEnvelope draft : drafts) {
      int i = receipts.size();
      long seq = ((Number) seqs.get(i)).longValue();
      if (((Number) duplicates.get(i)).longValue() == 1) {
        receipts.add(new Receipt.Duplicate(draft.messageId(), seq));
        continue;
      }
      published++;
      receipts.add(new Receipt.Sequenced(draft.withSeq(seq)));
    }
    metrics.published(published);
    return receipts;
  }
}
