package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.domain.event.EventEnvelope;
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
import io.incidentstream.streaming.tracing.IngestTrace;
import io.incidentstream.streaming.tracing.StreamTracing;
import io.incidentstream.streaming.tracing.StreamTracing.Ingress;
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
import java.util.Locale;
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
 * the ingest-errors channel, once for the cluster. The instance that publishes a message (or
 * reports its rejection) records its ingest span of {@link StreamTracing}; the events carry the
 * {@code traceparent} the producer put in a {@code {"tenant","traceparent","events"}} message.
 *
 * <p>Work runs on one thread of its own ({@value #THREAD_NAME}), off Lettuce's I/O threads and off
 * the receiver (outcomes are counted and logged on the bus's control thread); at most {@value
 * #QUEUE_LIMIT} messages wait, more are dropped and counted (the other instances still take them).
 * Thread-safe.
 */
final class IngestChannel {

  static final String THREAD_NAME = "cluster-bus-ingest";
  static final int QUEUE_LIMIT = 1_000;
  static final int EXCERPT_LENGTH = IngestRejection.EXCERPT_LENGTH;

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
  private final StreamTracing tracing;
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
      StreamTracing tracing,
      ClusterConfiguration config,
      String instanceId) {
    this.sequencer = sequencer;
    this.link = link;
    this.keys = keys;
    this.metrics = metrics;
    this.ingestMetrics = ingestMetrics;
    this.tracing = tracing;
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

  /**
   * From a Lettuce I/O thread: queues the message, as the bytes Redis sent, and returns at once.
   */
  void offer(byte[] payload) {
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

  /**
   * Producers publish JSON text, read by the same decoder as {@code POST /api/v1/events}: the bytes
   * become a {@code String} here, once per message and only within the size limit; the sequencer
   * encodes the events again, so the bus carries them in one canonical form whatever a producer
   * sent. Size and digest are the bytes as published.
   */
  private void handle(byte[] bytes) {
    String digest = sha256(bytes);
    String key = keys.ingestTaken(digest, occurrence(digest));
    if (bytes.length > maxBytes) {
      int headBytes = Math.min(bytes.length, EXCERPT_LENGTH * 4);
      String head = new String(bytes, 0, headBytes, StandardCharsets.UTF_8);
      Received received = new Received(head, bytes.length, digest, key);
      reject(
          received,
          Drop.TOO_LARGE,
          "PAYLOAD_TOO_LARGE",
          "Message of "
              + bytes.length
              + " bytes exceeds stream.cluster.ingest-max-size ("
              + maxBytes
              + " bytes)",
          List.of(),
          tracing.ingest(Ingress.REDIS, null));
      return;
    }
    String payload = new String(bytes, StandardCharsets.UTF_8);
    Received received = new Received(payload, bytes.length, digest, key);
    Decoded<IngestBatch> decoded = codec.decodeIngest(payload);
    if (decoded instanceof Decoded.Failed<IngestBatch> failed) {
      reject(
          received,
          Drop.INVALID,
          "INVALID_EVENT",
          "Invalid event: " + failed.describe(),
          failed.errors(),
          tracing.ingest(Ingress.REDIS, null));
      return;
    }
    IngestBatch batch = ((Decoded.Ok<IngestBatch>) decoded).value();
    IngestTrace trace = tracing.ingest(Ingress.REDIS, batch.traceparent());
    String tenant = batch.tenantOr(EventEnvelope.DEFAULT_TENANT);
    if (!TenantIds.isValid(tenant)) {
      String rule = "must be 1-" + TenantIds.MAX_LENGTH + " characters of [A-Za-z0-9._-]";
      reject(
          received,
          Drop.INVALID,
          "INVALID_TENANT",
          "tenant " + rule,
          List.of(new FieldError("tenant", rule)),
          trace);
      return;
    }
    sequencer
        .sequence(batch.events(), tenant, trace.traceparent(), key)
        .whenCompleteAsync(
            (receipts, failure) -> {
              if (failure != null) {
                metrics.dropped(Drop.UNAVAILABLE, batch.events().size());
                ingestMetrics.record(Path.REDIS, Outcome.UNAVAILABLE);
                trace.rejected(outcomeName(Outcome.UNAVAILABLE), true);
                warnFailure("an ingest message was not published: " + failure.getMessage());
              } else if (receipts != null && !receipts.isEmpty()) {
                ingestMetrics.accepted(Path.REDIS, receipts.size());
                trace.accepted(tenant, receipts);
                LOG.debug("Published {} events from the ingest channel", receipts.size());
              } else {
                trace.abandoned();
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
      Received received,
      Drop reason,
      String code,
      String message,
      List<FieldError> errors,
      IngestTrace trace) {
    IngestRejection rejection =
        new IngestRejection(
            code,
            message,
            errors,
            instanceId,
            Instant.now(),
            received.bytes(),
            received.digest(),
            IngestRejection.excerpt(received.payload()));
    StatefulRedisConnection<String, String> connection = link.commands();
    if (connection == null) {
      counted(reason, rejection, "not reported: Redis is down", trace);
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
                counted(reason, rejection, "not reported: " + failure.getMessage(), trace);
              } else if (reported != null && reported == 1L) {
                counted(reason, rejection, "reported on " + keys.ingestErrorsChannel(), trace);
              } else {
                trace.abandoned();
              }
            },
            link::execute);
  }

  private void counted(Drop reason, IngestRejection rejection, String reported, IngestTrace trace) {
    Outcome outcome = outcome(reason, rejection.error());
    metrics.dropped(reason, 1);
    ingestMetrics.record(Path.REDIS, outcome);
    trace.rejected(outcomeName(outcome), false);
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

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new StreamingException("SHA-256 is missing from this JVM", e);
    }
  }

  private record Received(String payload, int bytes, String digest, String key) {}

  private record Seen(int count, long lastNanos) {}

  private static String outcomeName(Outcome outcome) {
    return outcome.name().toLowerCase(Locale.ROOT);
  }

  private static Outcome outcome(Drop reason, String code) {
    if (reason == Drop.TOO_LARGE) {
      return Outcome.TOO_LARGE;
    }
    return "INVALID_TENANT".equals(code) ? Outcome.INVALID_TENANT : Outcome.INVALID_EVENT;
  }
}
