package io.incidentstream.client;

import io.incidentstream.domain.protocol.ErrorCode;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Something went wrong that the client survived; reported to {@link ClientListener#onError}. The
 * client goes on (reconnecting when the connection is affected).
 *
 * @param serverCode the server's error code, for {@link Kind#SERVER_ERROR}
 * @param cause the exception behind it, if any
 */
public record ClientError(
    Kind kind, String message, @Nullable ErrorCode serverCode, @Nullable Throwable cause) {

  public ClientError {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(message, "message");
  }

  /** What went wrong. */
  public enum Kind {
    /** The server answered {@code error} (e.g. a refused {@code refresh}, a subscription limit). */
    SERVER_ERROR,
    /** A connection attempt failed or the connection broke; the client reconnects with backoff. */
    CONNECTION_FAILED,
    /** A frame the client could not decode; it was skipped. */
    UNREADABLE_FRAME,
    /** A listener threw; the client goes on with the next event. */
    LISTENER_FAILED,
    /**
     * The listeners fell {@code handOffCapacity} events behind: the client disconnected and resumes
     * from the last event it queued once they have caught up (nothing is lost).
     */
    SLOW_LISTENER,
    /** An event at or below the last seq already handed on arrived again; it was not delivered. */
    OUT_OF_ORDER,
    /** The token supplier threw or gave no token. */
    TOKEN_SUPPLIER_FAILED
  }

  public static ClientError of(Kind kind, String message) {
    return new ClientError(kind, message, null, null);
  }
}
