package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.EventMatcher;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.port.LiveEvents;
import io.incidentstream.streaming.concurrent.SerialDrain;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open {@link LiveEvents.Tap}: a bounded queue filled by the broadcaster's thread and drained
 * on the executor by at most one task at a time, which matches each event and hands it to the
 * listener. A full queue closes the tap and tells the listener. Thread-safe.
 */
final class LiveTap implements LiveEvents.Tap {

  private static final Logger LOG = LoggerFactory.getLogger(LiveTap.class);

  private final EventMatcher matcher;
  private final TenantScope scope;
  private final @Nullable String tenant;
  private final int capacity;
  private final LiveEvents.Listener listener;
  private final SerialDrain drain;
  private final TapHub hub;
  private final ArrayBlockingQueue<EventEnvelope> queue;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile boolean overflowed;

  LiveTap(
      EventMatcher matcher,
      TenantScope scope,
      @Nullable String tenant,
      int capacity,
      LiveEvents.Listener listener,
      Executor executor,
      TapHub hub) {
    this.matcher = matcher;
    this.scope = scope;
    this.tenant = tenant;
    this.capacity = capacity;
    this.listener = listener;
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.drain =
        new SerialDrain(executor, this::deliverQueued, () -> !queue.isEmpty() || overflowed);
    this.hub = hub;
  }

  /** The broadcaster's thread: never blocks. */
  void offer(EventEnvelope envelope) {
    if (closed.get()) {
      return;
    }
    if (!queue.offer(envelope)) {
      overflowed = true;
      close();
    }
    drain.schedule();
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      hub.remove(this);
    }
  }

  private void deliverQueued() {
    EventEnvelope next;
    while (!closed.get() && (next = queue.poll()) != null) {
      deliver(next);
    }
    if (closed.get()) {
      queue.clear();
      reportOverflow();
    }
  }

  private void deliver(EventEnvelope envelope) {
    if (!selects(envelope)) {
      return;
    }
    try {
      listener.onEvent(envelope);
    } catch (RuntimeException e) {
      LOG.warn("a live-events listener failed on seq {}; the tap is closed", envelope.seq(), e);
      close();
    }
  }

  private void reportOverflow() {
    if (!overflowed) {
      return;
    }
    overflowed = false;
    listener.onOverflow(capacity);
  }

  private boolean selects(EventEnvelope envelope) {
    return scope.allows(envelope.tenant())
        && (tenant == null || tenant.equals(envelope.tenant()))
        && matcher.matches(envelope.event());
  }
}
