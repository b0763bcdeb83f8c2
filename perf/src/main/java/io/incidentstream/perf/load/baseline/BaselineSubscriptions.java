package io.incidentstream.perf.load.baseline;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.filter.EventMatcher;
import io.micronaut.websocket.WebSocketSession;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each session's compiled filter (one subscription per session: all the load generator uses),
 * looked up by session id in the broadcaster's predicate. Thread-safe.
 */
@Singleton
final class BaselineSubscriptions {

  private final Map<String, EventMatcher> matchers = new ConcurrentHashMap<>();

  void put(WebSocketSession session, EventMatcher matcher) {
    matchers.put(session.getId(), matcher);
  }

  void remove(WebSocketSession session) {
    matchers.remove(session.getId());
  }

  /** The broadcast predicate: tested against every open session for every event. */
  boolean wants(WebSocketSession session, IncidentEvent event) {
    EventMatcher matcher = matchers.get(session.getId());
    return matcher != null && matcher.matches(event);
  }
}
