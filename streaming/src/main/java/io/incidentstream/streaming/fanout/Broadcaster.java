package io.incidentstream.streaming.fanout;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.EncodedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Delivers sequenced events to the local connections whose subscriptions match.
 *
 * <p>The cluster bus calls {@link #onEvent} once per event, in {@code seq} order, from one thread
 * at a time, after the event is in the history. It never blocks: matching and queueing happen on
 * the broadcaster's own dispatch thread.
 */
public interface Broadcaster {

  void onEvent(EventEnvelope envelope);

  /**
   * {@link #onEvent(EventEnvelope)} for an event that arrived over the bus with its JSON already
   * encoded ({@code encoded}: the same bytes encoding {@code envelope.event()} gives), so its
   * frames are written from those bytes instead of encoding the event again. A broadcaster that has
   * no use for them ignores them.
   */
  default void onEvent(EventEnvelope envelope, @Nullable EncodedEvent encoded) {
    onEvent(envelope);
  }

  /**
   * The stream restarted below the events already delivered (clustered mode: Redis lost its history
   * and its sequence counter, see the bus): the history has been cleared, and the next event given
   * to {@link #onEvent} has a seq above {@code afterSeq}. Every connection is closed, since its
   * events could no longer arrive in seq order; clients resume, and learn from {@code
   * recovered:false} that events may be missing. Called in order with {@link #onEvent}, from the
   * same thread.
   */
  void onStreamRestart(long afterSeq);
}
