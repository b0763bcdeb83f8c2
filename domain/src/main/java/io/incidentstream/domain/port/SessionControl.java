package io.incidentstream.domain.port;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Closes {@code /ws} sessions on an operator's request, on whichever instance holds them: each gets
 * {@code closing} with the reason, then a close frame with 1000. Thread-safe; never blocks.
 */
public interface SessionControl {

  /** Longest reason, in UTF-8 bytes: it travels in the WebSocket close frame (123 at most). */
  int MAX_REASON_BYTES = 120;

  /**
   * Checks an operator's reason: required, and at most {@link #MAX_REASON_BYTES} in UTF-8.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static void checkReason(String reason) {
    Objects.requireNonNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("reason must not be blank");
    }
    int bytes = reason.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_REASON_BYTES) {
      throw new IllegalArgumentException(
          "reason must be at most " + MAX_REASON_BYTES + " bytes in UTF-8, was " + bytes);
    }
  }

  /**
   * Closes one session; an empty result when no instance that answered holds it.
   *
   * @throws IllegalArgumentException when the reason is refused (see {@link #checkReason})
   */
  CompletionStage<DisconnectResult> disconnectSession(String sessionId, String reason);

  /** Closes every session whose token names {@code subject}, on every instance. */
  CompletionStage<DisconnectResult> disconnectSubject(String subject, String reason);
}
