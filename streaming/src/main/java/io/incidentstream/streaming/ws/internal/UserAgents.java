package io.incidentstream.streaming.ws.internal;

import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Shares {@code User-Agent} strings between sessions: thousands of connections usually come from a
 * handful of clients, so each session keeps a reference to one shared copy instead of its own
 * string. At most {@value #MAX_DISTINCT} distinct values are shared (later ones are kept per
 * session), each cut to {@value #MAX_LENGTH} characters. Thread-safe.
 */
final class UserAgents {

  static final int MAX_DISTINCT = 1024;
  static final int MAX_LENGTH = 256;

  private final ConcurrentHashMap<String, String> shared = new ConcurrentHashMap<>();

  @Nullable String share(@Nullable String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    String value = header.length() > MAX_LENGTH ? header.substring(0, MAX_LENGTH) : header;
    String known = shared.get(value);
    if (known != null) {
      return known;
    }
    if (shared.size() >= MAX_DISTINCT) {
      return value;
    }
    String previous = shared.putIfAbsent(value, value);
    return previous == null ? value : previous;
  }
}
