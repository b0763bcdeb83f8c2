package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.EventMatcher;
import io.incidentstream.domain.filter.MatchSink;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.filter.SubscriptionIndex;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.ErrorCode;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.fanout.SubscriptionChangedEvent;
import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.fanout.internal.Connection.Held;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.history.StreamEpoch;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.micronaut.context.event.ApplicationEventPublisher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fan-out on one dispatch thread, behind {@link DispatchingBroadcaster} (the bus's side) and {@link
 * SubscriptionService} (the sessions' side). {@link #onEvent} and the subscription calls only hand
 * work over (the lock-free MPSC task queue of a one-thread Netty event loop), so the bus and the
 * event loops never block; on the dispatch thread each event is matched through the {@link
 * SubscriptionIndex} (which allocates nothing per match), its frame prefix encoded once into one
 * direct buffer, and every matching connection gets a retained duplicate plus its own {@code
 * subscription_ids}. Subscription changes run on the same thread, in order with events, which makes
 * resume exact, and lets the index be a plain single-threaded structure. Thread-safe; all mutable
 * state is confined to the dispatch thread.
 *
 * <p>Resume is paced: a {@code subscribe} with {@code since} puts the connection into catch-up, and
 * live fan-out skips it (the history holds every event before fan-out sees it). Catch-up steps read
 * the history in bounded chunks from the connection's cursor and queue the missed events only while
 * its queue has room, so nothing is shed; when the queue fills, the next step waits until the
 * connection's writer has drained it. At the live position the connection rejoins live fan-out with
 * the next event: no gap, no duplicate, bounded memory, and a slow resuming client holds up no one.
 * If the history evicts events the cursor has not reached yet, the client cannot get them any more:
 * the connection is closed as a slow consumer (4008, {@code closing} says it fell behind the
 * history), and its next resume answers {@code recovered:false}.
 */
@Singleton
final class FanOutEngine implements SubscriptionService {

  private static final Logger LOG = LoggerFactory.getLogger(FanOutEngine.class);

  /** Most replayed event prefixes kept for other resuming clients. */
  private static final int REPLAY_CACHE_ENTRIES = 4096;

  /** Most direct memory those cached prefixes may hold. */
  private static final long REPLAY_CACHE_BYTES = 16L * 1024 * 1024;

  /** History events one catch-up step examines before it yields the dispatch thread. */
  private static final int CATCH_UP_STEP = 1024;

  /** History events read at a time while catching up. */
  private static final int CATCH_UP_CHUNK = 256;

  private final ProtocolCodec codec = new ProtocolCodec();
  private final SubscriptionIndex<Connection> index = new SubscriptionIndex<>();
  private final Map<Recipient, Connection> connections = new HashMap<>();
  private final EventLoopGroup dispatchGroup =
      new MultiThreadIoEventLoopGroup(
          1, new DefaultThreadFactory("stream-dispatch", true), LocalIoHandler.newFactory());
  private final EventExecutor dispatch = dispatchGroup.next();
  private final ReplayFrameCache replayCache =
      new ReplayFrameCache(REPLAY_CACHE_ENTRIES, REPLAY_CACHE_BYTES);
  private final EventHistory history;
  private final StreamEpoch epoch;
  private final StreamMetrics metrics;
  private final ApplicationEventPublisher<SubscriptionChangedEvent> events;
  private final int maxSubscriptions;
  private long livePosition;
  private long highestDispatched = -1;

  FanOutEngine(
      StreamConfiguration config,
      EventHistory history,
      StreamEpoch epoch,
      StreamMetrics metrics,
      ApplicationEventPublisher<SubscriptionChangedEvent> events) {
    this.history = history;
    this.epoch = epoch;
    this.metrics = metrics;
    this.events = events;
    this.maxSubscriptions = config.maxSubscriptionsPerSession();
    this.livePosition = history.lastSeq();
  }

  /** Hands an event to the dispatch thread; never blocks. */
  void onEvent(EventEnvelope envelope) {
    handOver(() -> dispatch(envelope));
  }

  /** Hands a stream restart to the dispatch thread, in order with the events; never blocks. */
  void onStreamRestart(long afterSeq) {
    handOver(() -> restart(afterSeq));
  }

  @Override
  public void subscribe(Recipient recipient, ClientMessage.Subscribe subscribe) {
    handOver(() -> doSubscribe(recipient, subscribe));
  }

  @Override
  public void unsubscribe(Recipient recipient, String subscriptionId) {
    handOver(() -> doUnsubscribe(recipient, subscriptionId));
  }

  @Override
  public void removeAll(Recipient recipient) {
    handOver(() -> doRemoveAll(recipient));
  }

  @Override
  public void afterPendingEvents(Runnable task) {
    if (!handOver(task)) {
      task.run();
    }
  }

  private boolean handOver(Runnable task) {
    try {
      dispatch.execute(task);
      return true;
    } catch (RejectedExecutionException shuttingDown) {
      LOG.debug("fan-out stopped; dropping a task");
      return false;
    }
  }

  @Override
  public int activeSubscriptions() {
    return index.size();
  }

  /**
   * Matches and fans out one event. Dispatch thread only; package-private so that the fan-out
   * benchmark ({@code perf}) can drive the engine from its one thread instead.
   */
  void dispatch(EventEnvelope envelope) {
    long seq = envelope.seq();
    if (seq <= highestDispatched) {
      return;
    }
    highestDispatched = seq;
    livePosition = Math.max(livePosition, seq);
    metrics.eventBroadcast();
    Delivery delivery = new Delivery(envelope);
    try {
      index.match(envelope.event(), delivery);
    } catch (RuntimeException e) {
      LOG.error("matching or encoding event seq {} failed; not delivered", seq, e);
    } finally {
      delivery.releasePrefix();
    }
  }

  /**
   * Positions and subscriptions describe the old numbering: close every connection (each resumes
   * and learns it may have missed events) and start again after {@code afterSeq}.
   */
  private void restart(long afterSeq) {
    LOG.warn(
        "stream restarted after seq {} (was at {}): closing {} connections so they resume",
        afterSeq,
        livePosition,
        connections.size());
    for (Recipient recipient : List.copyOf(connections.keySet())) {
      try {
        recipient.streamRestarted();
      } catch (RuntimeException e) {
        LOG.error("closing {} after the stream restarted failed", recipient.id(), e);
      }
      doRemoveAll(recipient);
    }
    replayCache.clear();
    highestDispatched = afterSeq;
    livePosition = afterSeq;
  }

  /**
   * One event's fan-out: the index hands it each matching connection; the frame prefix is encoded
   * once, on the first connection that takes the event, and shared by all.
   */
  private final class Delivery implements MatchSink<Connection> {

    private final EventEnvelope envelope;
    private @Nullable ByteBuf prefix;

    Delivery(EventEnvelope envelope) {
      this.envelope = envelope;
    }

    @Override
    public void matched(Connection connection, List<String> subscriptionIds) {
      Recipient recipient = connection.recipient;
      if (connection.catchingUp || !recipient.acceptsTenant(envelope.tenant())) {
        return;
      }
      ByteBuf shared = prefix;
      if (shared == null) {
        shared = encodePrefix(envelope);
        prefix = shared;
      }
      try {
        recipient.deliver(envelope, shared, subscriptionIds);
      } catch (RuntimeException e) {
        LOG.error("delivering seq {} to {} failed", envelope.seq(), recipient.id(), e);
      }
    }

    void releasePrefix() {
      if (prefix != null) {
        prefix.release();
        prefix = null;
      }
    }
  }

  private ByteBuf encodePrefix(EventEnvelope envelope) {
    byte[] bytes = codec.encodeEventFramePrefix(envelope);
    return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
  }

  /** Dispatch thread only (or the benchmark's one thread, like {@link #dispatch}). */
  void doSubscribe(Recipient recipient, ClientMessage.Subscribe subscribe) {
    String id = subscribe.subscriptionId();
    Connection connection = connections.computeIfAbsent(recipient, Connection::new);
    Map<String, Held> own = connection.subscriptions;
    if (!own.containsKey(id) && own.size() >= maxSubscriptions) {
      recipient.send(
          new ServerMessage.Error(
              ErrorCode.SUBSCRIPTION_LIMIT,
              "At most " + maxSubscriptions + " subscriptions per connection"));
      return;
    }
    SubscriptionFilters filters = subscribe.filters();
    long position = connection.position(livePosition);
    connection.settle(position);
    String currentEpoch = epoch.current();
    Start start = start(subscribe.since(), subscribe.epoch(), currentEpoch);
    EventMatcher matcher = index.put(connection, id, filters);
    own.put(id, new Held(matcher, start.from(), own.get(id)));
    recipient.send(new ServerMessage.Subscribed(id, filters, start.recovered(), currentEpoch));
    if (start.from() < position) {
      connection.catchingUp = true;
      connection.cursor = start.from();
      connection.step++;
      catchUp(connection);
    }
    events.publishEvent(new SubscriptionChangedEvent(recipient.id(), id, filters));
  }

  /**
   * Where a new subscription starts, and whether that is where the client asked ({@code since}).
   */
  private record Start(long from, @Nullable Boolean recovered) {}

  private Start start(@Nullable Long since, @Nullable String clientEpoch, String currentEpoch) {
    if (since == null) {
      return new Start(livePosition, null);
    }
    if (clientEpoch != null && !clientEpoch.equals(currentEpoch)) {
      return fromOldestHeld();
    }
    if (since > livePosition) {
      return new Start(livePosition, false);
    }
    EventHistory.Slice probe = history.range(since, livePosition, 1);
    if (probe.complete()) {
      return new Start(since, true);
    }
    List<EventEnvelope> oldest = probe.events();
    return new Start(oldest.isEmpty() ? livePosition : oldest.get(0).seq() - 1, false);
  }

  /**
   * The client's seqs belong to another epoch, so they name other events: replay everything held.
   */
  private Start fromOldestHeld() {
    List<EventEnvelope> oldest = history.range(0, livePosition, 1).events();
    return new Start(oldest.isEmpty() ? livePosition : oldest.get(0).seq() - 1, false);
  }

  /**
   * One bounded catch-up step: delivers the next events from the history, in seq order, each with
   * the ids of the subscriptions that still want it, until the connection reaches the live position
   * (then live fan-out takes over with the very next event), its queue fills (the step resumes when
   * the queue has drained), or the step's budget is spent (it yields to live events and other
   * connections).
   */
  private void catchUp(Connection connection) {
    int budget = CATCH_UP_STEP;
    while (connection.cursor < livePosition) {
      if (budget == 0) {
        scheduleStep(connection);
        return;
      }
      EventHistory.Slice slice =
          history.range(connection.cursor, livePosition, Math.min(budget, CATCH_UP_CHUNK));
      if (!slice.complete()) {
        fellBehind(connection);
        return;
      }
      if (slice.events().isEmpty()) {
        break;
      }
      for (EventEnvelope missed : slice.events()) {
        if (!catchUpOne(connection, missed)) {
          return;
        }
        connection.cursor = missed.seq();
        budget--;
      }
    }
    goLive(connection);
  }

  /** False when catch-up stops before this event: the queue is full, or the connection is gone. */
  private boolean catchUpOne(Connection connection, EventEnvelope missed) {
    Recipient recipient = connection.recipient;
    List<String> ids = connection.idsToCatchUp(missed);
    if (ids.isEmpty() || !recipient.acceptsTenant(missed.tenant())) {
      return true;
    }
    Recipient.Room room;
    try {
      ByteBuf prefix = replayCache.get(missed.messageId(), () -> encodePrefix(missed));
      room = recipient.deliverIfRoom(missed, prefix, ids);
    } catch (RuntimeException e) {
      LOG.error("catching up seq {} to {} failed", missed.seq(), recipient.id(), e);
      return true;
    }
    if (room == Recipient.Room.FULL) {
      stepWhenDrained(connection);
    }
    return room == Recipient.Room.QUEUED;
  }

  private void scheduleStep(Connection connection) {
    long step = ++connection.step;
    handOver(() -> runStep(connection, step));
  }

  private void stepWhenDrained(Connection connection) {
    long step = ++connection.step;
    connection.recipient.whenDrained(() -> handOver(() -> runStep(connection, step)));
  }

  private void runStep(Connection connection, long step) {
    if (connection.step == step && connection.catchingUp) {
      catchUp(connection);
    }
  }

  private static void goLive(Connection connection) {
    connection.catchingUp = false;
    connection.step++;
  }

  /** The history evicted events the connection had yet to get: it cannot resume without a gap. */
  private static void fellBehind(Connection connection) {
    connection.step++;
    LOG.debug(
        "{} fell behind the history at seq {} while catching up",
        connection.recipient.id(),
        connection.cursor);
    try {
      connection.recipient.catchUpFellBehind();
    } catch (RuntimeException e) {
      LOG.error("closing {} after it fell behind failed", connection.recipient.id(), e);
    }
  }

  private void doUnsubscribe(Recipient recipient, String subscriptionId) {
    Connection connection = connections.get(recipient);
    if (connection == null || connection.subscriptions.remove(subscriptionId) == null) {
      recipient.send(
          new ServerMessage.Error(
              ErrorCode.NOT_FOUND, "No subscription with id \"" + subscriptionId + "\""));
      return;
    }
    index.remove(connection, subscriptionId);
    if (connection.subscriptions.isEmpty()) {
      goLive(connection);
    }
    recipient.send(new ServerMessage.Unsubscribed(subscriptionId));
    events.publishEvent(new SubscriptionChangedEvent(recipient.id(), subscriptionId, null));
  }

  private void doRemoveAll(Recipient recipient) {
    Connection connection = connections.remove(recipient);
    if (connection == null) {
      return;
    }
    goLive(connection);
    index.removeAll(connection);
    for (String id : connection.subscriptions.keySet()) {
      events.publishEvent(new SubscriptionChangedEvent(recipient.id(), id, null));
    }
  }

  @PreDestroy
  void stop() {
    handOver(replayCache::clear);
    dispatchGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
