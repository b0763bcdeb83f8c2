package io.incidentstream.domain.port;

import java.util.List;

/**
 * What a disconnect did. Immutable.
 *
 * @param sessionIds the sessions that were told to close (each gets {@code closing} with the
 *     reason, then close 1000)
 * @param unavailable the instances that did not answer: sessions there may still be open
 */
public record DisconnectResult(List<String> sessionIds, List<InstanceFailure> unavailable) {

  public DisconnectResult {
    sessionIds = List.copyOf(sessionIds);
    unavailable = List.copyOf(unavailable);
  }
}
