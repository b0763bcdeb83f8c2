package io.incidentstream.domain.port;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.TenantScope;
import org.jspecify.annotations.Nullable;

/**
 * The live stream as it passes this instance, for consoles that watch it: a tap sees, from the
 * moment it opens, every event that its filters select with the {@code /ws} semantics (DESIGN
 * section 4), within its tenant scope (and of its tenant, when given), in {@code seq} order.
 *
 * <p>A tap costs the stream one queue offer per event, whatever its filters: matching and delivery
 * run on a thread of the tap's own, never on the stream's dispatch thread or an event loop. Each
 * tap holds at most {@code capacity} events its listener has not taken; one more ends the tap
 * ({@link Listener#onOverflow}), so a slow reader is dropped, never buffered without bound.
 * Thread-safe.
 */
public interface LiveEvents {

  /** Most events a tap may hold for its listener. */
  int MAX_CAPACITY = 10_000;

  /**
   * Opens a tap.
   *
   * @param scope the tenants the reader may see: nothing outside it is delivered
   * @param tenant only this tenant's events; null for every tenant of the scope
   * @param capacity events held for the listener at most, 1 to {@link #MAX_CAPACITY}
   */
  Tap open(
      SubscriptionFilters filters,
      TenantScope scope,
      @Nullable String tenant,
      int capacity,
      Listener listener);

  /** Receives a tap's events, one at a time, never concurrently. */
  interface Listener {

    void onEvent(EventEnvelope event);

    /** The reader fell {@code capacity} events behind: the tap is closed, nothing more comes. */
    void onOverflow(int capacity);
  }

  /** An open tap. */
  interface Tap extends AutoCloseable {

    /** Stops the tap; events still held are discarded. Idempotent. */
    @Override
    void close();
  }
}
