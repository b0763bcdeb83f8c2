package io.incidentstream.domain.port;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.model.TenantScope;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A copy of one {@code /ws} session at the moment it was read. Immutable.
 *
 * @param tenants the tenants the session's token allows ({@code "*"} for every tenant)
 * @param lastActiveAt the later of the client's last frame (pongs aside) and the last event written
 *     to it
 * @param messagesIn complete messages received from the client
 * @param messagesOut frames written to the client (events and control messages)
 * @param eventsDelivered event frames written to the client
 * @param eventsDropped events meant for the session that it never got (shed or discarded)
 * @param queueDepth frames queued and not yet written
 * @param queueBytes bytes of those frames
 * @param lastSeqDelivered the seq of the last event written; null before the first
 * @param lag the stream's head seq minus {@code lastSeqDelivered}; null before the first event
 * @param subscriptions the session's subscriptions; empty when the reader did not ask for them
 */
public record SessionView(
    String id,
    String instanceId,
    @Nullable String subject,
    List<String> tenants,
    @Nullable String remoteAddress,
    @Nullable String userAgent,
    Instant connectedAt,
    Instant lastActiveAt,
    SessionState state,
    long messagesIn,
    long messagesOut,
    long eventsDelivered,
    long eventsDropped,
    int queueDepth,
    long queueBytes,
    @Nullable Long lastSeqDelivered,
    @Nullable Long lag,
    List<SubscriptionView> subscriptions)
    implements SessionFacts {

  public SessionView {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(instanceId, "instanceId");
    tenants = List.copyOf(tenants);
    Objects.requireNonNull(connectedAt, "connectedAt");
    Objects.requireNonNull(lastActiveAt, "lastActiveAt");
    Objects.requireNonNull(state, "state");
    subscriptions = List.copyOf(subscriptions);
  }

  /** This view with {@code subs} as its subscriptions. */
  public SessionView withSubscriptions(List<SubscriptionView> subs) {
    return new SessionView(
        id,
        instanceId,
        subject,
        tenants,
        remoteAddress,
        userAgent,
        connectedAt,
        lastActiveAt,
        state,
        messagesIn,
        messagesOut,
        eventsDelivered,
        eventsDropped,
        queueDepth,
        queueBytes,
        lastSeqDelivered,
        lag,
        subs);
  }

  @Override
  public boolean allowsTenant(String tenant) {
    return tenants.contains(TenantScope.WILDCARD) || tenants.contains(tenant);
  }

  /** Milliseconds from {@code lastActiveAt} to now. */
  @Override
  public long idleMillis() {
    return Math.max(0, System.currentTimeMillis() - lastActiveAt.toEpochMilli());
  }

  /** Read from {@link #subscriptions}: false for a view read without them. */
  @Override
  public boolean subscribedTo(EventType type) {
    for (SubscriptionView subscription : subscriptions) {
      List<EventType> types = subscription.filters().eventTypes();
      if (types.isEmpty() || types.contains(type)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public long sortKey(SessionSortField field) {
    return field.key(
        connectedAt.toEpochMilli(),
        lastActiveAt.toEpochMilli(),
        queueDepth,
        eventsDelivered,
        lag == null ? -1 : lag);
  }
}
