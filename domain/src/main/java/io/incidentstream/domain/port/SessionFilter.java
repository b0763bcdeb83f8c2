package io.incidentstream.domain.port;

import io.incidentstream.domain.event.EventType;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Which sessions a page lists; every condition given must hold (null: no condition). Immutable.
 *
 * @param instanceId only sessions on this instance
 * @param subject only sessions whose token names this subject
 * @param tenant only sessions whose token allows this tenant
 * @param state only sessions in this state
 * @param remoteAddress only sessions whose client address starts with this (a whole address, or a
 *     prefix such as {@code 10.1.})
 * @param minIdle only sessions idle at least this long
 * @param minQueueDepth only sessions with at least this many frames queued
 * @param subscribedTo only sessions with a subscription that lets this event type through
 */
public record SessionFilter(
    @Nullable String instanceId,
    @Nullable String subject,
    @Nullable String tenant,
    @Nullable SessionState state,
    @Nullable String remoteAddress,
    @Nullable Duration minIdle,
    @Nullable Integer minQueueDepth,
    @Nullable EventType subscribedTo) {

  /** Every session. */
  public static final SessionFilter ALL =
      new SessionFilter(null, null, null, null, null, null, null, null);

  public SessionFilter {
    if (minIdle != null && minIdle.isNegative()) {
      throw new IllegalArgumentException("minIdle must not be negative, was " + minIdle);
    }
    if (minQueueDepth != null && minQueueDepth < 0) {
      throw new IllegalArgumentException(
          "minQueueDepth must not be negative, was " + minQueueDepth);
    }
  }

  /** Whether {@code session} passes every condition. */
  public boolean matches(SessionFacts session) {
    return (instanceId == null || instanceId.equals(session.instanceId()))
        && (subject == null || subject.equals(session.subject()))
        && (tenant == null || session.allowsTenant(tenant))
        && (state == null || state == session.state())
        && addressMatches(session.remoteAddress())
        && (minIdle == null || session.idleMillis() >= minIdle.toMillis())
        && (minQueueDepth == null || session.queueDepth() >= minQueueDepth)
        && (subscribedTo == null || session.subscribedTo(subscribedTo));
  }

  private boolean addressMatches(@Nullable String address) {
    return remoteAddress == null || (address != null && address.startsWith(remoteAddress));
  }
}
