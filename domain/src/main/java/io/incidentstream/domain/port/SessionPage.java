package io.incidentstream.domain.port;

import java.util.List;

/**
 * A page of sessions, each with its subscriptions. Immutable.
 *
 * @param sessions the page, in the requested order
 * @param totalCount how many sessions the filter selects in all (every page together)
 * @param hasNextPage whether sessions follow the last one of this page
 * @param unavailable the instances that did not answer: their sessions are missing here
 */
public record SessionPage(
    List<SessionView> sessions,
    int totalCount,
    boolean hasNextPage,
    List<InstanceFailure> unavailable) {

  public SessionPage {
    sessions = List.copyOf(sessions);
    unavailable = List.copyOf(unavailable);
  }
}
