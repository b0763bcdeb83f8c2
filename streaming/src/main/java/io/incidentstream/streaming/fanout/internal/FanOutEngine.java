package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.port.SubscriptionView;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.EncodedEvent;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.fanout.SubscriptionChangedEvent;
import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.history.StreamEpoch;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.tracing.StreamTracing;
import io.micronaut.context.event.ApplicationEventPublisher;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * Fan-out, behind {@link DispatchingBroadcaster} (the bus's side) and {@link SubscriptionService}
 * (the sessions' side). Every call only hands work over to the {@link DispatchThread}, so the bus
 * and the event loops never block; there, in order, {@link LiveFanOut} delivers events, {@link
 * SubscriptionBook} applies subscription changes (with {@link ResumePacer} for resumes), and {@link
 * StreamRestart} handles a new numbering. Thread-safe; all mutable state is confined to the
 * dispatch thread.
 */
@Singleton
final class FanOutEngine implements SubscriptionService {

  /** Most distinct {@code subscription_ids} lists whose encoding is kept. */
  private static final int SUFFIX_CACHE_ENTRIES = 16_384;

  private final DispatchThread dispatch = new DispatchThread();
  private final SuffixCache suffixes = new SuffixCache(SUFFIX_CACHE_ENTRIES);
  private final ResumePacer pacer;
  private final SubscriptionBook subscriptions;
  private final LiveFanOut live;
  private final StreamRestart restart;

  FanOutEngine(
      StreamConfiguration config,
      EventHistory history,
      StreamEpoch epoch,
      StreamMetrics metrics,
      StreamTracing tracing,
      ApplicationEventPublisher<SubscriptionChangedEvent> events) {
    StreamPosition position = new StreamPosition(history.lastSeq());
    FrameEncoder encoder = new FrameEncoder();
    this.pacer = new ResumePacer(history, position, encoder, suffixes, dispatch, metrics);
    this.subscriptions =
        new SubscriptionBook(config.maxSubscriptionsPerSession(), position, pacer, epoch, events);
    this.live =
        new LiveFanOut(subscriptions.index(), position, encoder, suffixes, metrics, tracing);
    this.restart = new StreamRestart(subscriptions, position, pacer);
  }

  /** Hands an event to the dispatch thread; never blocks. */
  void onEvent(EventEnvelope envelope) {
    onEvent(envelope, null);
  }

  /**
   * Hands an event to the dispatch thread, with its JSON when it came encoded over the bus; never
   * blocks.
   */
  void onEvent(EventEnvelope envelope, @Nullable EncodedEvent encoded) {
    dispatch.handOver(() -> live.dispatch(envelope, encoded));
  }

  /** Hands a stream restart to the dispatch thread, in order with the events; never blocks. */
  void onStreamRestart(long afterSeq) {
    dispatch.handOver(() -> restart.restartAfter(afterSeq));
  }

  @Override
  public void subscribe(Recipient recipient, ClientMessage.Subscribe subscribe) {
    dispatch.handOver(() -> subscriptions.subscribe(recipient, subscribe));
  }

  @Override
  public void unsubscribe(Recipient recipient, String subscriptionId) {
    dispatch.handOver(() -> subscriptions.unsubscribe(recipient, subscriptionId));
  }

  @Override
  public void removeAll(Recipient recipient) {
    dispatch.handOver(() -> subscriptions.removeAll(recipient));
  }

  @Override
  public void changeTenants(Recipient recipient, TenantScope tenants) {
    dispatch.handOver(() -> subscriptions.changeTenants(recipient, tenants));
  }

  @Override
  public void afterPendingEvents(Runnable task) {
    if (!dispatch.handOver(task)) {
      task.run();
    }
  }

  @Override
  public CompletionStage<Map<String, List<SubscriptionView>>> describe(
      Collection<? extends Recipient> recipients) {
    List<Recipient> asked = List.copyOf(recipients);
    CompletableFuture<Map<String, List<SubscriptionView>>> copy = new CompletableFuture<>();
    Runnable task =
        () -> {
          try {
            copy.complete(subscriptions.describe(asked));
          } catch (RuntimeException e) {
            copy.completeExceptionally(e);
          }
        };
    if (!dispatch.handOver(task)) {
      copy.complete(Map.of());
    }
    return copy;
  }

  @Override
  public int activeSubscriptions() {
    return subscriptions.size();
  }

  /** Matches and fans out one event, on the caller's thread (see {@link FanOutDriver}). */
  void dispatchHere(EventEnvelope envelope) {
    live.dispatch(envelope, null);
  }

  /** Applies a subscription on the caller's thread (see {@link FanOutDriver}). */
  void subscribeHere(Recipient recipient, ClientMessage.Subscribe subscribe) {
    subscriptions.subscribe(recipient, subscribe);
  }

  @PreDestroy
  void stop() {
    dispatch.handOver(
        () -> {
          pacer.forgetReplayedFrames();
          suffixes.clear();
        });
    dispatch.stop();
  }
}
