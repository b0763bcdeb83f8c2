package io.incidentstream.streaming.fanout.internal;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.FilterCompiler;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.port.LiveEvents;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/**
 * {@link LiveEvents} on the broadcaster's entry: {@link #publish} is called once per event, in
 * {@code seq} order, and offers it to each open tap's bounded queue (with no tap open: one volatile
 * read). Each tap matches and delivers on the executor. Taps are held in a copy-on-write array:
 * opening and closing are rare (a console subscribing), publishing is every event. Thread-safe.
 */
@Singleton
final class TapHub implements LiveEvents {

  private static final LiveTap[] NONE = new LiveTap[0];

  private final Executor executor;
  private volatile LiveTap[] taps = NONE;

  TapHub(@Named(TaskExecutors.BLOCKING) Executor executor) {
    this.executor = executor;
  }

  @Override
  public Tap open(
      SubscriptionFilters filters,
      TenantScope scope,
      @Nullable String tenant,
      int capacity,
      Listener listener) {
    Objects.requireNonNull(filters, "filters");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(listener, "listener");
    if (capacity < 1 || capacity > MAX_CAPACITY) {
      throw new IllegalArgumentException(
          "capacity must be between 1 and " + MAX_CAPACITY + ", was " + capacity);
    }
    LiveTap tap =
        new LiveTap(
            FilterCompiler.compile(filters), scope, tenant, capacity, listener, executor, this);
    add(tap);
    return tap;
  }

  /** The broadcaster's hook: one event, in seq order, from one thread at a time. */
  void publish(EventEnvelope envelope) {
    LiveTap[] current = taps;
    for (LiveTap tap : current) {
      tap.offer(envelope);
    }
  }

  /** Open taps (for the tests and the stats). */
  int openTaps() {
    return taps.length;
  }

  private synchronized void add(LiveTap tap) {
    LiveTap[] grown = Arrays.copyOf(taps, taps.length + 1);
    grown[taps.length] = tap;
    taps = grown;
  }

  synchronized void remove(LiveTap tap) {
    taps = Arrays.stream(taps).filter(t -> t != tap).toArray(LiveTap[]::new);
  }
}
