package io.incidentstream.domain.port;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;

/**
 * A position in a sorted session list: the sort key and the id of the last session of a page. A
 * page after it starts at the next session in the order, whichever sessions came or went meanwhile
 * (an offset would shift). Opaque on the wire (base64url). Immutable.
 */
public record SessionCursor(long key, String sessionId) {

  public SessionCursor {
    Objects.requireNonNull(sessionId, "sessionId");
  }

  public String encode() {
    byte[] raw = (key + ":" + sessionId).getBytes(StandardCharsets.UTF_8);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  /**
   * Reads a cursor made by {@link #encode}.
   *
   * @throws IllegalArgumentException when {@code text} is not such a cursor
   */
  public static SessionCursor decode(String text) {
    Objects.requireNonNull(text, "text");
    String raw;
    try {
      raw = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a session cursor: " + text, e);
    }
    int colon = raw.indexOf(':');
    if (colon <= 0 || colon == raw.length() - 1) {
      throw new IllegalArgumentException("not a session cursor: " + text);
    }
    try {
      return new SessionCursor(Long.parseLong(raw.substring(0, colon)), raw.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a session cursor: " + text, e);
    }
  }
}
