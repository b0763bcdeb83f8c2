package io.incidentstream.streaming.security.internal;

import io.incidentstream.streaming.security.SecuritySettings;
import jakarta.inject.Singleton;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Which browser pages may open {@code /ws} (cross-site WebSocket hijacking: a page on any site can
 * open a socket to us; only the {@code Origin} header tells). Allowed: no {@code Origin} at all
 * (not a browser), the server's own origin (same host and port as {@code Host}), any port of {@code
 * localhost}/{@code 127.0.0.1}/{@code [::1]}, and the origins listed in {@code
 * stream.security.allowed-origins} ({@code *}: every origin). Immutable, thread-safe.
 */
@Singleton
final class OriginPolicy {

  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "[::1]", "::1");

  private final Set<String> allowed;
  private final boolean any;

  OriginPolicy(SecuritySettings settings) {
    this.allowed =
        settings.allowedOrigins().stream()
            .map(OriginPolicy::normalise)
            .collect(Collectors.toUnmodifiableSet());
    this.any = allowed.contains("*");
  }

  /** Whether a handshake with this {@code Origin} (null: none) and {@code Host} may proceed. */
  boolean allows(@Nullable String origin, @Nullable String host) {
    if (origin == null || any) {
      return true;
    }
    String normalised = normalise(origin);
    if (allowed.contains(normalised)) {
      return true;
    }
    URI uri;
    try {
      uri = new URI(normalised);
    } catch (URISyntaxException notAnOrigin) {
      return false;
    }
    if (uri.getHost() == null) {
      return false;
    }
    return LOOPBACK.contains(uri.getHost()) || sameOrigin(uri, host);
  }

  private static boolean sameOrigin(URI origin, @Nullable String host) {
    if (host == null) {
      return false;
    }
    return origin.getRawAuthority().equals(host.trim().toLowerCase(Locale.ROOT))
        || origin.getRawAuthority().equals(withDefaultPort(host, origin.getScheme()));
  }

  private static String withDefaultPort(String host, @Nullable String scheme) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.endsWith(":443") && "https".equals(scheme)) {
      return h.substring(0, h.length() - 4);
    }
    if (h.endsWith(":80") && "http".equals(scheme)) {
      return h.substring(0, h.length() - 3);
    }
    return h;
  }

  private static String normalise(String origin) {
    String o = origin.trim().toLowerCase(Locale.ROOT);
    return o.endsWith("/") ? o.substring(0, o.length() - 1) : o;
  }
}
