package io.incidentstream.domain.port;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The answer to a look-up by session id. Immutable.
 *
 * @param session the session, or null when no instance that answered holds it
 * @param unavailable the instances that did not answer (the session may be on one of them)
 */
public record SessionLookup(@Nullable SessionView session, List<InstanceFailure> unavailable) {

  public SessionLookup {
    unavailable = List.copyOf(unavailable);
  }
}
