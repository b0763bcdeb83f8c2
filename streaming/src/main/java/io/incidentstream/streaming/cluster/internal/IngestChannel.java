package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.domain.protocol.ClusterCodec;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.FieldError;
import io.incidentstream.domain.protocol.IngestBatch;
import io.incidentstream.domain.protocol.IngestRejection;
import io.incidentstream.streaming.StreamingException;
import io.incidentstream.streaming.cluster.internal.ClusterMetrics.Drop;
import io.incidentstream.streaming.ingest.IngestMetrics;
import io.incidentstream.streaming.ingest.IngestMetrics.Outcome;
import io.incidentstream.streaming.ingest.IngestMetrics.Path;
import io.incidentstream.streaming.ingest.TenantIds;
import io.incidentstream.streaming.limits.LogLimiter;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Events external producers {@code PUBLISH} on the ingest channel. Every instance receives each
 * message; each decodes and checks it, and the sequencing script's dedupe key lets exactly one
 * instance publish it. The key is the message's SHA-256 plus how many times this instance has seen
 * that same message recently, so a producer that sends one message twice gets it published twice.
 *
 * <p>Bad input is never a crash: an undecodable or invalid message, a bad tenant, a batch of more
 * than 1000 events or a message over {@code stream.cluster.ingest-max-size} is counted ({@code
 * stream.cluster.dropped.events}), logged in one line at most every ten seconds, and explained on
 * the ingest-errors channel, once for the cluster.
 *
 * <p>Work runs on one thread of its own ({@value #THREAD_NAME}), off Lettuce's I/O threads and off
 * the receiver (outcomes are counted and logged on the bus's control thread); at most {@value
 * #QUEUE_LIMIT} messages wait, more are dropped and counted (the other instances still take them).
 * Thread-safe.
 */
final class IngestChannel {

  static final String THREAD_NAME = "cluster-bus-ingest";
  static final int QUEUE_LIMIT = 1_000;
  static final int EXCERPT_LENGTH = 200;

  /** Digests remembered at most, whatever the rate. */
  private static final int SEEN_LIMIT = 100_000;

  private static final Logger LOG = LoggerFactory.getLogger(IngestChannel.class);

  private final ClusterCodec codec = new ClusterCodec();
  private final LogLimiter rejectionLog = new LogLimiter(Duration.ofSeconds(10));
  private final LogLimiter failureLog = new LogLimiter(Duration.ofSeconds(10));
  private final ThreadPoolExecutor worker;
  private final RedisSequencer sequencer;
  private final RedisLink link;
  private final RedisKeys keys;
  private final ClusterMetrics metrics;
  private final IngestMetrics ingestMetrics;
  private final String instanceId;
  private final int maxBytes;
  private final long forgetAfterNanos;
  private final String dedupeTtlMillis;

  // Confined to the worker thread, in access order: the eldest was seen least recently.
  private final Map<String, Seen> seen = new LinkedHashMap<>(64, 0.75f, true);

  IngestChannel(
      RedisSequencer sequencer,
      RedisLink link,
      RedisKeys keys,
      ClusterMetrics metrics,
      IngestMetrics ingestMetrics,
      ClusterConfiguration config,
      String instanceId) {
    this.sequencer = sequencer;
    this.link = link;
    this.keys = keys;
    this.metrics = metrics;
    this.ingestMetrics = ingestMetrics;
    this.instanceId = instanceId;
    this.maxBytes = config.ingestMaxSize();
    // Forgotten only once every key of the digest has surely expired in Redis.
    this.forgetAfterNanos = config.ingestDedupeTtl().multipliedBy(2).toNanos();
    this.dedupeTtlMillis = Long.toString(config.ingestDedupeTtl().toMillis());
    this.worker =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.SECONDS,
            new ArrayBlockingQueue<>(QUEUE_LIMIT),
            new DefaultThreadFactory(THREAD_NAME, true));
  }

  /** From a Lettuce I/O thread: queues the message and returns at once. */
  void offer(String payload) {
    try {
      worker.execute(() -> handle(payload));
    } catch (RejectedExecutionException full) {
      metrics.dropped(Drop.OVERLOADED, 1);
      warnFailure("no room to queue an ingest message (" + QUEUE_LIMIT + " waiting)");
    }
  }

  void close() {
    worker.shutdownNow();
  }

  private void handle(String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    String digest = sha256(bytes);
    String key = keys.ingestTaken(digest, occurrence(digest));
    Received received = new Received(payload, bytes.length, digest, key);
    if (bytes.length > maxBytes) {
      reject(
          received,
          Drop.TOO_LARGE,
          "PAYLOAD_TOO_LARGE",
          "Message of "
              + bytes.length
              + " bytes exceeds stream.cluster.ingest-max-size ("
              + maxBytes
              + " bytes)",
          List.of());
      return;
    }
    Decoded<IngestBatch> decoded = codec.decodeIngest(payload);
    if (decoded instanceof Decoded.Failed<IngestBatch> failed) {
      reject(
          received,
          Drop.INVALID,
          "INVALID_EVENT",
          "Invalid event: " + failed.describe(),
          failed.errors());
      return;
    }
    IngestBatch batch = ((Decoded.Ok<IngestBatch>) decoded).value();
    if (!TenantIds.isValid(batch.tenant())) {
      String rule = "must be 1-" + TenantIds.MAX_LENGTH + " characters of [A-Za-z0-9._-]";
      reject(
          received,
          Drop.INVALID,
          "INVALID_TENANT",
          "tenant " + rule,
          List.of(new FieldError("tenant", rule)));
      return;
    }
    sequencer
        .sequence(batch.events(), batch.tenant(), batch.traceparent(), key)
        .whenCompleteAsync(
            (envelopes, failure) -> {
              if (failure != null) {
                metrics.dropped(Drop.UNAVAILABLE, batch.events().size());
                ingestMetrics.record(Path.REDIS, Outcome.UNAVAILABLE);
                warnFailure("an ingest message was not published: " + failure.getMessage());
              } else if (envelopes != null && !envelopes.isEmpty()) {
                ingestMetrics.accepted(Path.REDIS, envelopes.size());
                LOG.debug("Published {} events from the ingest channel", envelopes.size());
              }
            },
            link::execute);
  }

  /** How many times this digest has been seen recently, this time included. */
  private int occurrence(String digest) {
    long now = System.nanoTime();
    var eldest = seen.entrySet().iterator();
    while (eldest.hasNext()) {
      Seen entry = eldest.next().getValue();
      if (now - entry.lastNanos < forgetAfterNanos && seen.size() <= SEEN_LIMIT) {
        break;
      }
      eldest.remove();
    }
    Seen previous = seen.get(digest);
    int count = previous == null ? 1 : previous.count + 1;
    seen.put(digest, new Seen(count, now));
    return count;
  }

  private void reject(
      Received received, Drop reason, String code, String message, List<FieldError> errors) {
    IngestRejection rejection =
        new IngestRejection(
            code,
            message,
            errors,
            instanceId,
            Instant.now(),
            received.bytes(),
            received.digest(),
            excerpt(received.payload()));
    StatefulRedisConnection<String, String> connection = link.commands();
    if (connection == null) {
      counted(reason, rejection, "not reported: Redis is down");
      return;
    }
    String json = new String(codec.encodeIngestRejection(rejection), StandardCharsets.UTF_8);
    BusScripts.REJECT
        .<Long>run(
            connection.async(),
            ScriptOutputType.INTEGER,
            new String[] {received.key()},
            keys.ingestErrorsChannel(),
            dedupeTtlMillis,
            json)
        .whenCompleteAsync(
            (reported, failure) -> {
              if (failure != null) {
                counted(reason, rejection, "not reported: " + failure.getMessage());
              } else if (reported != null && reported == 1L) {
                counted(reason, rejection, "reported on " + keys.ingestErrorsChannel());
              }
            },
            link::execute);
  }

  private void counted(Drop reason, IngestRejection rejection, String reported) {
    metrics.dropped(reason, 1);
    ingestMetrics.record(Path.REDIS, outcome(reason, rejection.error()));
    long skipped = rejectionLog.tryAcquire();
    if (skipped >= 0) {
      LOG.warn(
          "Rejected a message on {} ({} more since the last such line; {}): {} {} (sha256 {})",
          keys.ingestChannel(),
          skipped,
          reported,
          rejection.error(),
          rejection.message(),
          rejection.payloadSha256());
    }
  }

  private void warnFailure(String what) {
    long skipped = failureLog.tryAcquire();
    if (skipped >= 0) {
      LOG.warn("Ingest channel: {} ({} more since the last such line)", what, skipped);
    }
  }

  /** The first characters, never ending inside a surrogate pair. */
  static String excerpt(String payload) {
    int end = Math.min(payload.length(), EXCERPT_LENGTH);
    if (end > 0 && end < payload.length() && Character.isHighSurrogate(payload.charAt(end - 1))) {
      end--;
    }
    return payload.substring(0, end);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new StreamingException("SHA-256 is missing from this JVM", e);
    }
  }

  private record Received(String payload, int bytes, String digest, String key) {}

  private record Seen(int count, long lastNanos) {}

  private static Outcome outcome(Drop reason, String code) {
    if (reason == Drop.TOO_LARGE) {
      return Outcome.TOO_LARGE;
    }
    return "INVALID_TENANT".equals(code) ? Outcome.INVALID_TENANT : Outcome.INVALID_EVENT;
  }
}
