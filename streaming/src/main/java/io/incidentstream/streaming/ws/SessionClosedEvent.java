package io.incidentstream.streaming.ws;

import org.jspecify.annotations.Nullable;

/**
 * Published once a session's connection is gone and it has left the registry.
 *
 * @param closeCode the close code sent or received, or null when the connection just dropped
 * @param closeReason the reason sent or received with it, or null
 */
public record SessionClosedEvent(
    StreamSession session, @Nullable Integer closeCode, @Nullable String closeReason) {

  public SessionClosedEvent(StreamSession session, @Nullable Integer closeCode) {
    this(session, closeCode, null);
  }
}
