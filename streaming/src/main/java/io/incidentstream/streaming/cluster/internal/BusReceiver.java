package io.incidentstream.streaming.cluster.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.BusEnvelope;
import io.incidentstream.domain.protocol.BusHeartbeat;
import io.incidentstream.domain.protocol.ClusterCodec;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.streaming.cluster.internal.ClusterMetrics.Drop;
import io.incidentstream.streaming.fanout.Broadcaster;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.history.StreamEpoch;
import io.incidentstream.streaming.limits.LogLimiter;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bus's receiver thread. Lettuce's pub/sub callbacks only {@linkplain #offerEvent queue} the
 * raw message here, as the bytes Redis sent; this one thread decodes it and feeds {@link
 * OrderedDelivery}, which delivers in seq order to the local history and the broadcaster. The
 * broadcaster also gets the event's JSON exactly as the bytes carried it, so no instance encodes an
 * event a second time. A message that does not decode (not UTF-8, not JSON, not an envelope) is
 * counted as invalid, logged (one line every ten seconds at most) and skipped: its seq, if any, is
 * back-filled from the history like any gap. Fetches from the shared history are asynchronous and
 * come back through the same queue, so all delivery state stays on this thread.
 *
 * <p>The queue is bounded ({@value #INBOX_LIMIT} messages): a message with no room is dropped and
 * counted, and its event is fetched back from the history when the gap shows. Thread-safe: any
 * thread may offer; one thread consumes.
 */
final class BusReceiver implements OrderedDelivery.Output {

  static final String THREAD_NAME = "cluster-bus-receiver";
  static final int INBOX_LIMIT = 100_000;
  static final int PENDING_LIMIT = 10_000;
  static final int FETCH_LIMIT = 1_000;
  static final int EXCERPT_BYTES = 200;

  private static final Logger LOG = LoggerFactory.getLogger(BusReceiver.class);
  private static final long IDLE_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private sealed interface Inbound {}

  private record Message(boolean heartbeat, byte[] payload) implements Inbound {}

  private record Fetched(long generation, long upTo, List<StreamMessage<String, String>> entries)
      implements Inbound {}

  private record FetchFailed(long generation, Throwable cause) implements Inbound {}

  private record Retry() implements Inbound {}

  private record Fenced(String epoch) implements Inbound {}

  private final ConcurrentLinkedQueue<Inbound> inbox = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queuedMessages = new AtomicInteger();
  private final ClusterCodec codec = new ClusterCodec();
  private final LogLimiter invalidLog = new LogLimiter(Duration.ofSeconds(10));
  private final OrderedDelivery delivery;
  private final EventHistory history;
  private final Broadcaster broadcaster;
  private final StreamEpoch streamEpoch;
  private final RedisLink link;
  private final RedisKeys keys;
  private final ClusterMetrics metrics;
  private final String instanceId;
  private final Consumer<StreamFence.Verdict> doubts;
  private final Thread thread;

  private volatile boolean stopped;
  private volatile long lastOwnHeartbeat;
  private volatile boolean heardOwnHeartbeat;

  BusReceiver(
      EventHistory history,
      Broadcaster broadcaster,
      StreamEpoch streamEpoch,
      RedisLink link,
      RedisKeys keys,
      ClusterMetrics metrics,
      String instanceId,
      Consumer<StreamFence.Verdict> doubts) {
    this.history = history;
    this.broadcaster = broadcaster;
    this.streamEpoch = streamEpoch;
    this.link = link;
    this.keys = keys;
    this.metrics = metrics;
    this.instanceId = instanceId;
    this.doubts = doubts;
    this.delivery = new OrderedDelivery(this, metrics, PENDING_LIMIT, FETCH_LIMIT);
    this.thread = new Thread(this::run, THREAD_NAME);
    this.thread.setDaemon(true);
  }

  /** Starts consuming after the preload; what was offered before is processed first. */
  void start(String epoch, long lastSeq) {
    streamEpoch.adopt(epoch);
    delivery.start(epoch, lastSeq);
    thread.start();
  }

  /** From a Lettuce I/O thread: queues and returns at once; {@code payload} is not copied. */
  void offerEvent(byte[] payload) {
    offer(new Message(false, payload));
  }

  /** From a Lettuce I/O thread: queues and returns at once. */
  void offerHeartbeat(byte[] payload) {
    offer(new Message(true, payload));
  }

  /** Retries a failed back-fill; called on every control tick. */
  void retry() {
    post(new Retry());
  }

  long lastDelivered() {
    return delivery.lastDelivered();
  }

  /** Where delivery stands, for {@link StreamFence}; from any thread. */
  StreamFence.Delivered delivered() {
    String epoch = delivery.epoch();
    long seq = delivery.lastDelivered();
    List<EventEnvelope> last = history.range(seq - 1, seq, 1).events();
    String messageId =
        last.isEmpty() || last.get(0).seq() != seq ? null : last.get(0).messageId().toString();
    return new StreamFence.Delivered(epoch, seq, messageId);
  }

  /** This instance's fence started {@code epoch}; from any thread. */
  void fenced(String epoch) {
    post(new Fenced(epoch));
  }

  /** {@link System#nanoTime()} when this instance last heard its own heartbeat back. */
  long lastOwnHeartbeat() {
    return lastOwnHeartbeat;
  }

  boolean heardOwnHeartbeat() {
    return heardOwnHeartbeat;
  }

  void stop() {
    stopped = true;
    LockSupport.unpark(thread);
    try {
      thread.join(TimeUnit.SECONDS.toMillis(2));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void deliver(BusEnvelope bus) {
    EventEnvelope envelope = bus.envelope();
    try {
      history.append(envelope);
    } catch (RuntimeException e) {
      LOG.error("History refused seq {}; delivering it anyway", envelope.seq(), e);
    }
    try {
      broadcaster.onEvent(envelope, bus.encodedEvent());
    } catch (RuntimeException e) {
      LOG.error("Broadcaster failed on seq {}; the event stays in history", envelope.seq(), e);
    }
  }

  @Override
  public void fetch(long generation, long afterSeq, long upToSeq, int limit) {
    StatefulRedisConnection<String, String> connection = link.commands();
    if (connection == null) {
      post(new FetchFailed(generation, new IllegalStateException("Redis connection down")));
      return;
    }
    LOG.debug("Back-filling seq {}..{} from the shared history", afterSeq + 1, upToSeq);
    connection
        .async()
        .xrange(
            keys.history(),
            Range.create((afterSeq + 1) + "-0", upToSeq + "-0"),
            Limit.create(0, limit))
        .whenComplete(
            (entries, failure) ->
                post(
                    failure == null
                        ? new Fetched(generation, upToSeq, entries)
                        : new FetchFailed(generation, failure)));
  }

  @Override
  public void epochChanged(String epoch) {
    streamEpoch.adopt(epoch);
  }

  @Override
  public void regressed() {
    doubts.accept(StreamFence.Verdict.REGRESSED);
  }

  @Override
  public void redelivered(BusEnvelope bus) {
    EventEnvelope again = bus.envelope();
    long seq = again.seq();
    List<EventEnvelope> held = history.range(seq - 1, seq, 1).events();
    if (held.isEmpty()
        || held.get(0).seq() != seq
        || held.get(0).messageId().equals(again.messageId())) {
      return;
    }
    LOG.error(
        "seq {} arrived again as another event ({}, delivered as {}): Redis reused seqs this"
            + " instance delivered (it lost acknowledged writes, e.g. in a failover to a lagging"
            + " replica); moving the stream to a new epoch",
        seq,
        again.messageId(),
        held.get(0).messageId());
    doubts.accept(StreamFence.Verdict.DIVERGED);
  }

  @Override
  public void restart(long afterSeq) {
    history.clear();
    broadcaster.onStreamRestart(afterSeq);
  }

  private void offer(Message message) {
    if (queuedMessages.incrementAndGet() > INBOX_LIMIT) {
      queuedMessages.decrementAndGet();
      metrics.dropped(Drop.OVERLOADED, 1);
      return;
    }
    post(message);
  }

  private void post(Inbound inbound) {
    inbox.offer(inbound);
    LockSupport.unpark(thread);
  }

  private void run() {
    while (!stopped) {
      Inbound next = inbox.poll();
      if (next == null) {
        LockSupport.parkNanos(this, IDLE_PARK_NANOS);
        continue;
      }
      try {
        handle(next);
      } catch (RuntimeException e) {
        LOG.error("Cluster bus receiver failed on a {}", next.getClass().getSimpleName(), e);
      }
    }
  }

  private void handle(Inbound inbound) {
    if (inbound instanceof Message message) {
      queuedMessages.decrementAndGet();
      if (message.heartbeat()) {
        heartbeat(message.payload());
      } else {
        event(message.payload());
      }
    } else if (inbound instanceof Fetched fetched) {
      delivery.onFetched(fetched.generation(), fetched.upTo(), entries(fetched.entries()));
    } else if (inbound instanceof Fenced fenced) {
      delivery.fenced(fenced.epoch());
    } else if (inbound instanceof FetchFailed failed) {
      LOG.debug("Back-fill failed; retrying on the next tick: {}", failed.cause().toString());
      delivery.onFetchFailed(failed.generation());
    } else {
      delivery.retry();
    }
  }

  private void event(byte[] payload) {
    Decoded<BusEnvelope> decoded = codec.decodeEnvelope(payload);
    if (decoded instanceof Decoded.Ok<BusEnvelope> ok) {
      delivery.onEnvelope(ok.value());
    } else {
      invalid("event", payload, (Decoded.Failed<?>) decoded);
    }
  }

  private void heartbeat(byte[] payload) {
    Decoded<BusHeartbeat> decoded =
        codec.decodeHeartbeat(new String(payload, StandardCharsets.UTF_8));
    if (!(decoded instanceof Decoded.Ok<BusHeartbeat> ok)) {
      invalid("heartbeat", payload, (Decoded.Failed<?>) decoded);
      return;
    }
    BusHeartbeat beat = ok.value();
    if (beat.instanceId().equals(instanceId)) {
      long now = System.nanoTime();
      metrics.lag(Duration.ofNanos(Math.max(0, now - beat.sentNanos())));
      lastOwnHeartbeat = now;
      heardOwnHeartbeat = true;
    }
    delivery.onCounter(beat.seq(), beat.epoch());
  }

  private List<OrderedDelivery.Entry> entries(List<StreamMessage<String, String>> messages) {
    List<OrderedDelivery.Entry> entries = new ArrayList<>(messages.size());
    for (StreamMessage<String, String> message : messages) {
      long seq = seqOf(message.getId());
      if (seq < 0) {
        LOG.warn("History entry with a foreign id {}: skipped", message.getId());
        continue;
      }
      entries.add(new OrderedDelivery.Entry(seq, decode(message)));
    }
    return entries;
  }

  /** A history entry's envelope; null when its {@code data} is missing, invalid or misplaced. */
  @Nullable BusEnvelope decode(StreamMessage<String, String> message) {
    String data = message.getBody().get("data");
    if (data == null) {
      return null;
    }
    Decoded<BusEnvelope> decoded = codec.decodeEnvelope(data.getBytes(StandardCharsets.UTF_8));
    if (decoded instanceof Decoded.Ok<BusEnvelope> ok
        && ok.value().seq() == seqOf(message.getId())) {
      return ok.value();
    }
    return null;
  }

  /** The seq of a history entry id {@code <seq>-0}; -1 for anything else. */
  static long seqOf(String id) {
    int dash = id.indexOf('-');
    if (dash <= 0 || !id.endsWith("-0")) {
      return -1;
    }
    try {
      return Long.parseLong(id, 0, dash, 10);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private void invalid(String what, byte[] payload, Decoded.Failed<?> failed) {
    metrics.dropped(Drop.INVALID, 1);
    long skipped = invalidLog.tryAcquire();
    if (skipped >= 0) {
      LOG.warn(
          "Dropped an invalid {} message from Redis ({} more since the last such line): {} — {}",
          what,
          skipped,
          failed.describe(),
          excerpt(payload));
    }
  }

  /**
   * The first 200 bytes as text for a log line: bad UTF-8 and control characters (a NUL, a line
   * break that would forge a log line) shown as U+FFFD.
   */
  static String excerpt(byte[] payload) {
    int shown = Math.min(payload.length, EXCERPT_BYTES);
    String text =
        new String(payload, 0, shown, StandardCharsets.UTF_8).replaceAll("\\p{Cntrl}", "\uFFFD");
    return shown < payload.length ? text + "… (" + payload.length + " bytes)" : text;
  }
}
