package io.incidentstream.streaming.ws;

import java.util.Collection;
import org.jspecify.annotations.Nullable;

/**
 * The open {@code /ws} sessions of this instance and their counts, for limits, housekeeping and
 * shutdown. Thread-safe.
 */
public interface ConnectionRegistry {

  /** Why a session could not be registered. */
  enum Admission {
    ACCEPTED,
    TOO_MANY_CONNECTIONS,
    TOO_MANY_FROM_ADDRESS,
    DRAINING
  }

  /** Whether a new connection from {@code address} would be admitted now (a hint, not a slot). */
  Admission check(String address);

  /** Registers a session if the limits allow it. */
  Admission register(StreamSession session);

  /** Removes a session; returns whether it was registered. */
  boolean unregister(StreamSession session);

  @Nullable StreamSession get(String sessionId);

  Collection<StreamSession> sessions();

  int size();

  int countFor(String address);

  /** From now on, {@link #register} refuses every session: the server is shutting down. */
  void startDraining();

  boolean isDraining();
}
