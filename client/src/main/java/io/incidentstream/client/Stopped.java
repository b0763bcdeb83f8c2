package io.incidentstream.client;

import java.util.Objects;

/**
 * Why the client stopped for good ({@link ConnectionState#CLOSED}); it does not reconnect after any
 * of these.
 *
 * @param code the HTTP status of a refused handshake, the WebSocket close code, or 0
 */
public record Stopped(Reason reason, int code, String message) {

  public Stopped {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(message, "message");
  }

  /** Why the client stopped. */
  public enum Reason {
    /** The application called {@link IncidentStreamClient#close()}. */
    CLOSED,
    /**
     * The handshake was refused with 401 (no or bad token) and the token supplier has no other
     * token, or with 403 (the token lacks the viewer role, or the origin is not allowed).
     */
    UNAUTHORIZED,
    /** The server closed with 1008 (policy violation): retrying would be refused again. */
    POLICY,
    /** The server closed with 4001 (token expired) and the token supplier has no new token. */
    TOKEN_EXPIRED
  }
}
