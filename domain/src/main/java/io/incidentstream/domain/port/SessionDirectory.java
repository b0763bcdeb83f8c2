package io.incidentstream.domain.port;

import java.util.concurrent.CompletionStage;

/**
 * The {@code /ws} sessions, for the admin API: a page filtered and sorted, or one session by id.
 * With a cluster, every live instance's sessions (each view names its instance); an instance that
 * does not answer in time is named in the answer, which holds the rest. A read copies the page it
 * returns: it never holds the stream's dispatch thread or an event loop longer than that, and runs
 * off them. Thread-safe.
 */
public interface SessionDirectory {

  /** One page of sessions, each with its subscriptions. */
  CompletionStage<SessionPage> page(SessionPageRequest request);

  /** One session, with its subscriptions. */
  CompletionStage<SessionLookup> find(String sessionId);
}
