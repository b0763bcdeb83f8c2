package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.Receipt;
import io.incidentstream.domain.protocol.BusEnvelope;
import io.incidentstream.domain.protocol.ClusterCodec;
import io.incidentstream.streaming.cluster.ClusterBus;
import io.incidentstream.streaming.cluster.internal.ClusterMetrics.Drop;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.fanout.Broadcaster;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.history.StreamEpoch;
import io.incidentstream.streaming.ingest.IngestMetrics;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.tracing.StreamTracing;
import io.incidentstream.streaming.ws.InstanceIdentity;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.value.PropertyResolver;
import jakarta.annotation.PreDestroy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The clustered bus ({@code redis.uri} set): every instance publishes into one Redis stream and
 * delivers all of it, in one cluster-wide seq order.
 *
 * <ul>
 *   <li>Publish: {@link RedisSequencer} runs one Lua script that assigns the seqs, appends the
 *       shared history (a Redis Stream) and publishes on the events channel, atomically.
 *   <li>Receive: Lettuce's pub/sub callbacks only queue the raw message for the {@link BusReceiver}
 *       thread, which delivers in seq order, drops duplicates and back-fills gaps from the history;
 *       the local in-memory history is filled there and preloaded from Redis at start, so {@code
 *       since} resumes work on every instance.
 *   <li>External producers: {@link IngestChannel}.
 *   <li>Health: every {@code heartbeat-interval} each instance publishes a heartbeat carrying the
 *       stream's counter; an instance that does not hear its own back within {@code
 *       heartbeat-timeout} is unhealthy and resubscribes; a counter above what was delivered
 *       triggers a back-fill. Lost connections reconnect with backoff ({@link RedisLink}).
 *   <li>Failover: after the commands connection came back (to a master Sentinel just promoted,
 *       say), publishing waits until {@link StreamFence} has checked that Redis still holds what
 *       this instance delivered; when it does not (the new master missed the old one's last
 *       writes), the stream moves to a new epoch, so no seq is reused and resuming clients are told
 *       {@code recovered:false}.
 * </ul>
 *
 * <p>Start-up connects and preloads synchronously (the server takes no traffic before); it fails
 * when Redis cannot be reached. Created eagerly ({@code @Context}) for that reason. Thread-safe.
 */
@Context
@Requires(property = "redis.uri")
public final class LettuceClusterBus implements ClusterBus, RedisLink.Listener {

  private static final Logger LOG = LoggerFactory.getLogger(LettuceClusterBus.class);

  private final ClusterCodec codec = new ClusterCodec();
  private final RedisLink link;
  private final RedisKeys keys;
  private final ClusterConfiguration config;
  private final ClusterMetrics metrics;
  private final EventHistory history;
  private final String instanceId;
  private final int historySize;
  private final BusReceiver receiver;
  private final RedisSequencer sequencer;
  private final IngestChannel ingest;
  private final StreamFence fence;

  /** False from a loss of the commands connection until the stream was checked after it. */
  private volatile boolean streamChecked;

  /** A check is under way; control thread only. */
  private boolean checking;

  /** The receiver saw a reused seq and no check has acted on it yet; control thread only. */
  private boolean divergedPending;

  public LettuceClusterBus(
      RedisLink link,
      ClusterConfiguration config,
      StreamConfiguration stream,
      EventHistory history,
      StreamEpoch epoch,
      Broadcaster broadcaster,
      InstanceIdentity identity,
      ClusterMetrics metrics,
      IngestMetrics ingestMetrics,
      StreamTracing tracing,
      MeterRegistry meters,
      PropertyResolver properties) {
    ClusterConfiguration.requireConvertible(properties);
    this.link = Objects.requireNonNull(link, "link");
    this.config = Objects.requireNonNull(config, "config");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.history = Objects.requireNonNull(history, "history");
    this.keys = RedisKeys.of(config);
    this.instanceId = identity.id();
    this.historySize = config.historySize(stream.historySize());
    this.fence = new StreamFence(keys);
    this.receiver =
        new BusReceiver(
            history,
            broadcaster,
            epoch,
            link,
            keys,
            metrics,
            instanceId,
            doubt -> link.execute(() -> checkStream(doubt == StreamFence.Verdict.DIVERGED)));
    this.sequencer =
        new RedisSequencer(
            link,
            keys,
            metrics,
            historySize,
            config.ingestDedupeTtl().toMillis(),
            stream.historyRetention().toMillis(),
            receiver::lastDelivered,
            () -> streamChecked);
    this.ingest =
        new IngestChannel(
            sequencer, link, keys, metrics, ingestMetrics, tracing, config, instanceId);
    Gauge.builder(MetricNames.CLUSTER_HEALTHY, this, bus -> bus.status().healthy() ? 1 : 0)
        .description("1 while this instance's Redis bus is connected and hears its heartbeat")
        .register(meters);
    Gauge.builder(MetricNames.CLUSTER_DELIVERED_SEQ, receiver, BusReceiver::lastDelivered)
        .description("Last seq this instance delivered")
        .register(meters);
    start();
  }

  @Override
  public CompletableFuture<List<Receipt>> submit(
      List<ProducedEvent> events, String tenant, @Nullable String traceparent) {
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(tenant, "tenant");
    if (events.isEmpty()) {
      return CompletableFuture.completedFuture(List.of());
    }
    return sequencer
        .sequence(List.copyOf(events), tenant, traceparent, null)
        .thenApply(receipts -> Objects.requireNonNull(receipts, "receipts"));
  }

  /** The bus as the health indicator reports it. */
  public BusStatus status() {
    Duration silence = sinceOwnHeartbeat();
    String problem = problem(silence);
    return new BusStatus(
        problem == null, problem, link.describe(), receiver.lastDelivered(), silence);
  }

  /** How long ago the current subscription carried our own heartbeat; null if it has not yet. */
  private @Nullable Duration sinceOwnHeartbeat() {
    long heard = receiver.lastOwnHeartbeat();
    if (!receiver.heardOwnHeartbeat() || heard - link.pubsubUpSince() < 0) {
      return null;
    }
    return Duration.ofNanos(System.nanoTime() - heard);
  }

  private @Nullable String problem(@Nullable Duration silence) {
    if (!link.commandsUp()) {
      return "Redis commands connection down";
    }
    if (!link.pubsubUp()) {
      return "Redis pub/sub connection down";
    }
    if (silence == null || silence.compareTo(config.heartbeatTimeout()) > 0) {
      return "own heartbeat not heard within " + config.heartbeatTimeout();
    }
    return null;
  }

  /**
   * @param problem why the bus is unhealthy; null when healthy
   * @param lastDeliveredSeq the last seq this instance delivered to its connections
   * @param sinceOwnHeartbeat how long ago this instance last heard its own heartbeat on the current
   *     subscription; null if it has not yet
   */
  public record BusStatus(
      boolean healthy,
      @Nullable String problem,
      String redis,
      long lastDeliveredSeq,
      @Nullable Duration sinceOwnHeartbeat) {}

  @Override
  public void reconnected(RedisLink.Kind kind) {
    if (kind == RedisLink.Kind.COMMANDS) {
      checkStream(false);
    }
    // Hearing our own heartbeat through the new subscription proves it and carries the counter,
    // which starts the back-fill of whatever was published while we were away.
    sendHeartbeat();
  }

  @Override
  public void disconnected(RedisLink.Kind kind) {
    // Health turns DOWN by itself (status() reads the link); publishes fail fast meanwhile, and
    // until the stream was checked on whatever Redis the connection comes back to.
    if (kind == RedisLink.Kind.COMMANDS) {
      streamChecked = false;
    }
  }

  @PreDestroy
  void close() {
    sequencer.close();
    ingest.close();
    receiver.stop();
    link.close();
  }

  private void start() {
    link.addListener(this);
    link.start(new Messages(), keys.eventsChannel(), keys.heartbeatChannel(), keys.ingestChannel());
    Preload preload = preload();
    receiver.start(preload.epoch(), preload.lastSeq());
    streamChecked = true;
    link.execute(this::sendHeartbeat);
    link.every(config.heartbeatInterval(), this::tick);
    LOG.info(
        "Cluster bus on Redis {} ready: {} events preloaded, last seq {}, epoch {}, key prefix {}",
        link.describe(),
        preload.events(),
        preload.lastSeq(),
        preload.epoch(),
        config.keyPrefix());
  }

  private void tick() {
    link.checkOpen();
    if (!streamChecked || divergedPending) {
      checkStream(false);
    }
    sendHeartbeat();
    checkWedged();
    receiver.retry();
  }

  /**
   * Control thread: compares Redis with what was delivered (see {@link StreamFence}); {@code
   * diverged}: the receiver saw a reused seq, so a new epoch starts regardless.
   */
  private void checkStream(boolean diverged) {
    divergedPending |= diverged;
    StatefulRedisConnection<String, String> connection = link.commands();
    if (checking || connection == null) {
      return;
    }
    checking = true;
    boolean force = divergedPending;
    divergedPending = false;
    fence
        .check(connection, receiver.delivered(), force)
        .whenComplete(
            (result, failure) -> link.execute(() -> checked(connection, force, result, failure)));
  }

  /** Control thread. */
  private void checked(
      StatefulRedisConnection<String, String> connection,
      boolean forced,
      StreamFence.@Nullable Result result,
      @Nullable Throwable failure) {
    checking = false;
    if (failure != null || result == null || link.commands() != connection) {
      // Retried on the next tick, or by the check of the next connection.
      divergedPending |= forced;
      LOG.warn("Checking the stream on Redis failed (retried): {}", String.valueOf(failure));
      return;
    }
    if (forced || result.verdict() != StreamFence.Verdict.CONSISTENT) {
      // Forced: this instance dropped reused seqs, so it restarts even if another instance moved
      // the stream to a new epoch first.
      LOG.error(
          "Redis {} no longer holds the stream this instance delivered (last seq {}: {}): it lost"
              + " acknowledged writes, e.g. in a failover to a replica that had not received them."
              + " Moved the stream to the new epoch {}; clients that resume are told"
              + " recovered:false",
          link.describe(),
          receiver.lastDelivered(),
          result.verdict(),
          result.epoch());
      receiver.fenced(result.epoch());
    }
    streamChecked = true;
  }

  private void sendHeartbeat() {
    StatefulRedisConnection<String, String> connection = link.commands();
    if (connection == null) {
      return;
    }
    String head =
        new String(
            codec.encodeHeartbeatHead(instanceId, Instant.now(), System.nanoTime()),
            StandardCharsets.UTF_8);
    BusScripts.HEARTBEAT
        .<String>run(
            connection.async(),
            ScriptOutputType.VALUE,
            new String[] {keys.seq(), keys.epoch()},
            keys.heartbeatChannel(),
            head)
        .whenComplete(
            (counter, failure) -> {
              if (failure != null) {
                LOG.debug("Heartbeat not sent: {}", failure.toString());
              }
            });
  }

  /** Connected, yet our own heartbeat stays away: the subscription is wedged. */
  private void checkWedged() {
    if (!link.commandsUp() || !link.pubsubUp()) {
      return;
    }
    long now = System.nanoTime();
    long since = Math.max(receiver.lastOwnHeartbeat(), link.pubsubUpSince());
    since = Math.max(since, link.commandsUpSince());
    if (now - since > config.heartbeatTimeout().toNanos()) {
      LOG.warn(
          "No own heartbeat heard for over {} although connected to Redis: the subscription"
              + " looks wedged; resubscribing",
          config.heartbeatTimeout());
      link.resubscribe("own heartbeat not heard within " + config.heartbeatTimeout());
    }
  }

  /** Reads the newest {@code history-size} entries of the shared history, oldest first. */
  private Preload preload() {
    StatefulRedisConnection<String, String> connection =
        Objects.requireNonNull(link.commands(), "commands connection");
    RedisCommands<String, String> sync = connection.sync();
    String counter = sync.get(keys.seq());
    String epoch = ensureEpoch(sync);
    List<StreamMessage<String, String>> newestFirst = new ArrayList<>();
    Range<String> range = Range.unbounded();
    while (newestFirst.size() < historySize) {
      int want = Math.min(BusReceiver.FETCH_LIMIT, historySize - newestFirst.size());
      List<StreamMessage<String, String>> chunk =
          sync.xrevrange(keys.history(), range, Limit.create(0, want));
      newestFirst.addAll(chunk);
      long oldest = chunk.isEmpty() ? 0 : BusReceiver.seqOf(chunk.get(chunk.size() - 1).getId());
      if (chunk.size() < want || oldest <= 1) {
        break;
      }
      range = Range.from(Range.Boundary.unbounded(), Range.Boundary.including((oldest - 1) + "-0"));
    }
    Collections.reverse(newestFirst);
    long last = counter == null ? 0 : Long.parseLong(counter);
    int delivered = 0;
    for (StreamMessage<String, String> entry : newestFirst) {
      BusEnvelope envelope = decodeEntry(entry);
      if (envelope == null || envelope.seq() <= history.lastSeq()) {
        continue;
      }
      receiver.deliver(envelope);
      delivered++;
    }
    return new Preload(epoch, Math.max(last, history.lastSeq()), delivered);
  }

  /**
   * The stream's epoch, started now if Redis has none yet (an empty or lost stream), so that every
   * {@code welcome} can name it.
   */
  private String ensureEpoch(RedisCommands<String, String> sync) {
    String[] scriptKeys = {keys.seq(), keys.epoch(), keys.history()};
    String floor = Long.toString(history.lastSeq());
    return sync.eval(
        BusScripts.EPOCH.source(), ScriptOutputType.VALUE, scriptKeys, floor, Epochs.randomId());
  }

  private @Nullable BusEnvelope decodeEntry(StreamMessage<String, String> entry) {
    BusEnvelope decoded = receiver.decode(entry);
    if (decoded != null) {
      return decoded;
    }
    metrics.dropped(Drop.INVALID, 1);
    LOG.warn("History entry {} does not decode: not preloaded", entry.getId());
    return null;
  }

  private record Preload(String epoch, long lastSeq, int events) {}

  /** Runs on Lettuce's I/O thread: hands each message on and returns. */
  private final class Messages extends RedisPubSubAdapter<String, byte[]> {
    @Override
    public void message(String channel, byte[] message) {
      if (channel.equals(keys.eventsChannel())) {
        receiver.offerEvent(message);
      } else if (channel.equals(keys.heartbeatChannel())) {
        receiver.offerHeartbeat(message);
      } else if (channel.equals(keys.ingestChannel())) {
        ingest.offer(message);
      }
    }
  }
}
