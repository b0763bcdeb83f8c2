package io.incidentstream.domain.port;

import io.incidentstream.domain.event.EventType;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link SessionFilter} and a {@link SessionSort} read of a session. The directory reads
 * them straight from the live session, so a scan over every session builds no view for the sessions
 * it leaves out; a {@link SessionView} answers them too.
 */
public interface SessionFacts {

  String id();

  String instanceId();

  @Nullable String subject();

  /** Whether the session's token allows {@code tenant}. */
  boolean allowsTenant(String tenant);

  @Nullable String remoteAddress();

  SessionState state();

  /** Milliseconds since {@code lastActiveAt}. */
  long idleMillis();

  int queueDepth();

  /** Whether one of its subscriptions lets events of {@code type} through. */
  boolean subscribedTo(EventType type);

  /** The value {@code field} sorts by. */
  long sortKey(SessionSortField field);
}
