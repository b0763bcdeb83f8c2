package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.model.Priority;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.ws.CloseCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a connection that reads slower than its events arrive, in one place:
 *
 * <ul>
 *   <li>its bounded queue ({@link OutboundQueue}) sheds the oldest queued event of the lowest
 *       priority below the incoming one, or the incoming event when nothing queued ranks lower;
 *       each shed event is counted ({@code queue_full_<priority>});
 *   <li>a Critical event or a control message that cannot fit even after shedding everything lower
 *       closes the connection with 4008 (slow consumer), after {@code closing}; that event and
 *       those still queued are counted as {@code slow_consumer_closed};
 *   <li>a resuming connection is never shed (its replay is paced to its queue), but if it reads so
 *       slowly that the history evicts events it has not been sent yet, it is closed with 4008 and
 *       {@code closing} says it {@linkplain #CATCH_UP_FELL_BEHIND fell behind the history}.
 * </ul>
 *
 * Stateless and thread-safe: one instance serves every connection.
 */
final class SlowConsumerPolicy {

  private static final Logger LOG = LoggerFactory.getLogger(SlowConsumerPolicy.class);

  /** The {@code closing} reason when the history evicted events a resuming client still needed. */
  static final String CATCH_UP_FELL_BEHIND = "slow consumer: resume fell behind the history";

  private final StreamMetrics metrics;

  SlowConsumerPolicy(StreamMetrics metrics) {
    this.metrics = metrics;
  }

  /**
   * Acts on the outcome of offering one frame to {@code session}'s queue.
   *
   * @param priority the event's priority, or null for a control message
   * @return whether the frame was queued (the writer must run)
   */
  boolean afterOffer(
      NettyStreamSession session, OutboundQueue.Offer offer, @Nullable Priority priority) {
    switch (offer) {
      case ACCEPTED -> {
        return true;
      }
      case DROPPED -> metrics.eventShed(orCritical(priority));
      case CLOSED -> {
        if (priority != null) {
          metrics.eventsDroppedClosed(1);
        }
      }
      case OVERFLOW -> {
        if (priority != null) {
          metrics.eventsDroppedSlowConsumer(1);
        }
        session.close(CloseCode.SLOW_CONSUMER, CloseCode.SLOW_CONSUMER.reason());
      }
    }
    return false;
  }

  /** A resuming connection fell behind the history: it cannot get every missed event any more. */
  void fellBehind(NettyStreamSession session) {
    LOG.warn("{} fell behind the history while catching up: closing", session);
    session.close(CloseCode.SLOW_CONSUMER, CATCH_UP_FELL_BEHIND);
  }

  private static Priority orCritical(@Nullable Priority priority) {
    return priority == null ? Priority.CRITICAL : priority;
  }
}
