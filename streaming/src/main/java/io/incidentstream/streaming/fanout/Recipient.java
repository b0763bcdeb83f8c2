package io.incidentstream.streaming.fanout;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.protocol.ServerMessage;
import java.util.concurrent.Executor;

/**
 * What fan-out needs from a connection. Implementations must be thread-safe and must never block:
 * fan-out calls them for every matching event, from the dispatch thread or the recipient's own
 * {@linkplain #executor executor}.
 */
public interface Recipient {

  /** The outcome of {@link #deliverIfRoom}. */
  enum Room {
    /** The frame was queued. */
    QUEUED,
    /**
     * The queue is at its catch-up limit: nothing was queued; try again after {@link #whenDrained}.
     */
    FULL,
    /** The connection is closing or closed: nothing was queued. */
    GONE
  }

  String id();

  /**
   * The tenants whose events this connection may see, read when it first subscribes; a later change
   * reaches fan-out through {@link SubscriptionService#changeTenants}.
   */
  TenantScope tenantScope();

  /**
   * Where this recipient's frames are written (its connection's I/O thread). Fan-out hands each
   * executor one task per event, carrying every recipient it serves, and calls {@link #deliver}
   * from there.
   */
  Executor executor();

  /**
   * Queues one event frame: {@code frame}, the event's shared encoding, followed by {@code suffix},
   * this recipient's encoded {@code subscription_ids}. Both are shared and not retained for us: the
   * transport takes its own reference to what it keeps.
   */
  void deliver(EventEnvelope envelope, EventFrame frame, EventFrame suffix);

  /**
   * Like {@link #deliver}, for catch-up (called on the dispatch thread): queues the frame only
   * while the queue is below its catch-up limit (under its capacity, so room stays for control
   * messages), and never sheds anything.
   */
  Room deliverIfRoom(EventEnvelope envelope, EventFrame frame, EventFrame suffix);

  /**
   * Runs {@code task} once, on whatever thread notices it (so the task must only hand work over),
   * when the queue has drained to its low watermark, at once if it already has, or when the
   * connection goes away. Replaces a request not yet run.
   */
  void whenDrained(Runnable task);

  /** Queues a control message (subscribed, unsubscribed, error). */
  void send(ServerMessage message);

  /**
   * The history dropped events this connection still had to catch up on: it can no longer get every
   * missed event, so it must be closed (slow consumer) and resume again.
   */
  void catchUpFellBehind();

  /**
   * The stream restarted with lower seqs (its history was lost): this connection's events could no
   * longer arrive in seq order, so it must be closed and resume.
   */
  void streamRestarted();

  /**
   * Its subscriptions changed (called on fan-out's thread after every change, in order): how many
   * it has now, and which event types they let through, one bit per {@link
   * io.incidentstream.domain.event.EventType} ordinal. A recipient that shows its subscriptions
   * (the admin API reads them) keeps this; others ignore it.
   */
  default void subscriptionsChanged(int count, int eventTypeMask) {}
}
