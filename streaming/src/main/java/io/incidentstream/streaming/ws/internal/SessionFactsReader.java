package io.incidentstream.streaming.ws.internal;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.port.SessionFacts;
import io.incidentstream.domain.port.SessionSortField;
import io.incidentstream.domain.port.SessionState;
import io.incidentstream.domain.port.SessionView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Reads a live session's facts for a filter and a sort, without copying anything: one reader is
 * {@linkplain #read pointed} at each session in turn, so a scan over every session allocates
 * nothing for the sessions it leaves out. Everything is computed from what the session tracks
 * anyway (state, idle time, lag). Not thread-safe: one per scan.
 */
final class SessionFactsReader implements SessionFacts {

  private final String instanceId;
  private final long idleAfterNanos;
  private final long nowNanos = System.nanoTime();
  private final long nowMillis = System.currentTimeMillis();
  private final long headSeq;
  private @Nullable NettyStreamSession session;

  SessionFactsReader(String instanceId, long idleAfterNanos, long headSeq) {
    this.instanceId = instanceId;
    this.idleAfterNanos = idleAfterNanos;
    this.headSeq = headSeq;
  }

  SessionFactsReader read(NettyStreamSession next) {
    this.session = next;
    return this;
  }

  private NettyStreamSession session() {
    NettyStreamSession s = session;
    if (s == null) {
      throw new IllegalStateException("no session read yet");
    }
    return s;
  }

  @Override
  public String id() {
    return session().id();
  }

  @Override
  public String instanceId() {
    return instanceId;
  }

  @Override
  public @Nullable String subject() {
    return session().principal().subject();
  }

  @Override
  public boolean allowsTenant(String tenant) {
    return session().tenantScope().allows(tenant);
  }

  @Override
  public String remoteAddress() {
    return session().clientAddress();
  }

  private long lastActiveNanos() {
    NettyStreamSession s = session();
    long lastEvent = s.lastEventNanos();
    long lastFrame = s.lastClientFrameNanos();
    return lastEvent != 0 && lastEvent - lastFrame > 0 ? lastEvent : lastFrame;
  }

  private long lastActiveMillis() {
    return nowMillis - (nowNanos - lastActiveNanos()) / 1_000_000;
  }

  @Override
  public SessionState state() {
    NettyStreamSession s = session();
    if (!s.isOpen()) {
      return SessionState.DISCONNECTING;
    }
    if (nowNanos - lastActiveNanos() >= idleAfterNanos) {
      return SessionState.IDLE;
    }
    if (s.subscriptionCount() == 0) {
      return SessionState.CONNECTED;
    }
    long lastEvent = s.lastEventNanos();
    return lastEvent != 0 && nowNanos - lastEvent < idleAfterNanos
        ? SessionState.ACTIVE
        : SessionState.SUBSCRIBED;
  }

  @Override
  public long idleMillis() {
    return Math.max(0, (nowNanos - lastActiveNanos()) / 1_000_000);
  }

  @Override
  public int queueDepth() {
    return session().queue().sizeOpaque();
  }

  @Override
  public boolean subscribedTo(EventType type) {
    return session().admitsEventType(type.ordinal());
  }

  private long lagOrMinusOne() {
    long last = session().lastSeqDelivered();
    return last == 0 ? -1 : Math.max(0, headSeq - last);
  }

  @Override
  public long sortKey(SessionSortField field) {
    NettyStreamSession s = session();
    return field.key(
        s.openedAt().toEpochMilli(),
        lastActiveMillis(),
        queueDepth(),
        s.eventsDelivered(),
        lagOrMinusOne());
  }

  /** A copy of the session read last, without its subscriptions. */
  SessionView view() {
    NettyStreamSession s = session();
    long lastSeq = s.lastSeqDelivered();
    return new SessionView(
        s.id(),
        instanceId,
        s.principal().subject(),
        tenants(s.tenantScope()),
        s.clientAddress(),
        s.userAgent(),
        s.openedAt(),
        Instant.ofEpochMilli(lastActiveMillis()),
        state(),
        s.messagesIn(),
        s.messagesOut(),
        s.eventsDelivered(),
        s.queue().dropped(),
        queueDepth(),
        s.queue().bytesOpaque(),
        lastSeq == 0 ? null : lastSeq,
        lastSeq == 0 ? null : Math.max(0, headSeq - lastSeq),
        List.of());
  }

  private static List<String> tenants(TenantScope scope) {
    if (scope.all()) {
      return List.of(TenantScope.WILDCARD);
    }
    List<String> sorted = new ArrayList<>(scope.tenants());
    sorted.sort(null);
    return sorted;
  }
}
