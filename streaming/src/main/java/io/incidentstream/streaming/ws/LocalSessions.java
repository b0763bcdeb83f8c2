package io.incidentstream.streaming.ws;

import io.incidentstream.domain.port.SessionPage;
import io.incidentstream.domain.port.SessionPageRequest;
import io.incidentstream.domain.port.SessionView;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * This instance's {@code /ws} sessions as the admin API sees them: pages and look-ups copied from
 * the live sessions, and closes on an operator's request. Reads run on a worker thread, never on an
 * event loop; the subscriptions of a page are copied on the dispatch thread, costing it only that
 * page. Thread-safe.
 */
public interface LocalSessions {

  /**
   * A page of this instance's sessions: exact for this instance, and mergeable with other
   * instances' pages for the same request (the first {@code first} of the merged pages, in order,
   * are the cluster's page).
   */
  CompletionStage<SessionPage> page(SessionPageRequest request);

  CompletionStage<Optional<SessionView>> find(String sessionId);

  /**
   * Closes the session with {@code closing} and {@code reason}, then 1000; empty when it is not
   * here (or already closing).
   */
  Optional<String> disconnect(String sessionId, String reason);

  /**
   * Closes every open session of {@code subject} like {@link #disconnect} (the scan runs on a
   * worker thread); their ids.
   */
  CompletionStage<List<String>> disconnectSubject(String subject, String reason);
}
