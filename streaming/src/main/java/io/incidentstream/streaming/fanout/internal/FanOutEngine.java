package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.EventMatcher;
import io.incidentstream.domain.filter.FilterCompiler;
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
import io.incidentstream.streaming.history.EventHistory;
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
import java.util.Collection;
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
 * SubscriptionIndex}, its frame prefix encoded once into one direct buffer, and every matching
 * connection gets a retained duplicate plus its own {@code subscription_ids}. Subscription changes
 * run on the same thread, in order with events, which makes resume exact. Thread-safe; all mutable
 * state is confined to the dispatch thread.
 */
@Singleton
final class FanOutEngine implements SubscriptionService {

  private static final Logger LOG = LoggerFactory.getLogger(FanOutEngine.class);

  /** Replayed event prefixes kept for other resuming clients (a few MB of direct memory). */
  private static final int REPLAY_CACHE_SIZE = 4096;

  private final ProtocolCodec codec = new ProtocolCodec();
  private final SubscriptionIndex<Recipient> index = new SubscriptionIndex<>();
  private final Map<Recipient, Map<String, Held>> byRecipient = new HashMap<>();
  private final EventLoopGroup dispatchGroup =
      new MultiThreadIoEventLoopGroup(
          1, new DefaultThreadFactory("stream-dispatch", true), LocalIoHandler.newFactory());
  private final EventExecutor dispatch = dispatchGroup.next();
  private final ReplayFrameCache replayCache = new ReplayFrameCache(REPLAY_CACHE_SIZE);
  private final EventHistory history;
  private final StreamMetrics metrics;
  private final ApplicationEventPublisher<SubscriptionChangedEvent> events;
  private final int maxSubscriptions;
  private long livePosition;
  private long highestDispatched = -1;

  FanOutEngine(
      StreamConfiguration config,
      EventHistory history,
      StreamMetrics metrics,
      ApplicationEventPublisher<SubscriptionChangedEvent> events) {
    this.history = history;
    this.metrics = metrics;
    this.events = events;
    this.maxSubscriptions = config.maxSubscriptionsPerSession();
    this.livePosition = history.lastSeq();
  }

  /** Hands an event to the dispatch thread; never blocks. */
  void onEvent(EventEnvelope envelope) {
    handOver(() -> dispatch(envelope));
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

  private void dispatch(EventEnvelope envelope) {
    long seq = envelope.seq();
    if (seq <= highestDispatched) {
      return;
    }
    highestDispatched = seq;
    livePosition = Math.max(livePosition, seq);
    metrics.eventBroadcast();
    List<SubscriptionIndex.Match<Recipient>> matches;
    try {
      matches = index.match(envelope.event());
    } catch (RuntimeException e) {
      LOG.error("matching event seq {} failed; not delivered", seq, e);
      return;
    }
    if (!matches.isEmpty()) {
      fanOut(envelope, matches);
    }
  }

  private void fanOut(EventEnvelope envelope, List<SubscriptionIndex.Match<Recipient>> matches) {
    ByteBuf prefix = encodePrefix(envelope);
    try {
      for (SubscriptionIndex.Match<Recipient> match : matches) {
        deliver(match.subscriber(), envelope, prefix, match.subscriptionIds());
      }
    } finally {
      prefix.release();
    }
  }

  private static void deliver(
      Recipient recipient, EventEnvelope envelope, ByteBuf prefix, List<String> ids) {
    if (!recipient.acceptsTenant(envelope.tenant())) {
      return;
    }
    try {
      recipient.deliver(envelope, prefix, ids);
    } catch (RuntimeException e) {
      LOG.error("delivering seq {} to {} failed", envelope.seq(), recipient.id(), e);
    }
  }

  private ByteBuf encodePrefix(EventEnvelope envelope) {
    byte[] bytes = codec.encodeEventFramePrefix(envelope);
    return PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length).writeBytes(bytes);
  }

  private void doSubscribe(Recipient recipient, ClientMessage.Subscribe subscribe) {
    String id = subscribe.subscriptionId();
    Map<String, Held> own = byRecipient.computeIfAbsent(recipient, r -> new HashMap<>());
    if (!own.containsKey(id) && own.size() >= maxSubscriptions) {
      recipient.send(
          new ServerMessage.Error(
              ErrorCode.SUBSCRIPTION_LIMIT,
              "At most " + maxSubscriptions + " subscriptions per connection"));
      return;
    }
    SubscriptionFilters filters = subscribe.filters();
    Long since = subscribe.since();
    Held held = new Held(FilterCompiler.compile(filters), coveredAfter(since));
    index.put(recipient, id, filters);
    if (since == null) {
      recipient.send(new ServerMessage.Subscribed(id, filters, null));
    } else {
      replay(recipient, id, filters, held.matcher(), since, own.values());
    }
    own.put(id, held);
    events.publishEvent(new SubscriptionChangedEvent(recipient.id(), id, filters));
  }

  private long coveredAfter(@Nullable Long since) {
    return since == null ? livePosition : Math.min(since, livePosition);
  }

  /**
   * Sends {@code subscribed}, then the missed matching events in (since, live position]: the live
   * stream continues right after that position, so nothing is missed or sent twice. An event that
   * another subscription of the same connection already brought (live or replayed) is not sent
   * again.
   */
  private void replay(
      Recipient recipient,
      String id,
      SubscriptionFilters filters,
      EventMatcher matcher,
      long since,
      Collection<Held> others) {
    if (since > livePosition) {
      recipient.send(new ServerMessage.Subscribed(id, filters, false));
      return;
    }
    EventHistory.Slice slice = history.range(since, livePosition);
    recipient.send(new ServerMessage.Subscribed(id, filters, slice.complete()));
    List<String> ids = List.of(id);
    for (EventEnvelope missed : slice.events()) {
      if (matcher.matches(missed.event()) && !alreadySent(missed, others)) {
        replayOne(recipient, missed, ids);
      }
    }
  }

  private static boolean alreadySent(EventEnvelope envelope, Collection<Held> others) {
    for (Held other : others) {
      if (other.covers(envelope)) {
        return true;
      }
    }
    return false;
  }

  private void replayOne(Recipient recipient, EventEnvelope missed, List<String> ids) {
    ByteBuf prefix = replayCache.get(missed.messageId(), () -> encodePrefix(missed));
    deliver(recipient, missed, prefix, ids);
  }

  /**
   * A subscription as fan-out keeps it for resume: every matching event with a seq above {@code
   * coveredAfter} has reached the connection, live or replayed.
   */
  private record Held(EventMatcher matcher, long coveredAfter) {

    boolean covers(EventEnvelope envelope) {
      return envelope.seq() > coveredAfter && matcher.matches(envelope.event());
    }
  }

  private void doUnsubscribe(Recipient recipient, String subscriptionId) {
    Map<String, Held> own = byRecipient.get(recipient);
    if (own == null || own.remove(subscriptionId) == null) {
      recipient.send(
          new ServerMessage.Error(
              ErrorCode.NOT_FOUND, "No subscription with id \"" + subscriptionId + "\""));
      return;
    }
    index.remove(recipient, subscriptionId);
    recipient.send(new ServerMessage.Unsubscribed(subscriptionId));
    events.publishEvent(new SubscriptionChangedEvent(recipient.id(), subscriptionId, null));
  }

  private void doRemoveAll(Recipient recipient) {
    Map<String, Held> own = byRecipient.remove(recipient);
    if (own == null) {
      return;
    }
    index.removeAll(recipient);
    for (String id : own.keySet()) {
      events.publishEvent(new SubscriptionChangedEvent(recipient.id(), id, null));
    }
  }

  @PreDestroy
  void stop() {
    handOver(replayCache::clear);
    dispatchGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS);
  }
}
