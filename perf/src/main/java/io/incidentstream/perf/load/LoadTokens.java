package io.incidentstream.perf.load;

import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.TokenMinter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The bearer tokens the load generator sends: minted from {@code JWT_SECRET}, the secret the server
 * under test was started with ({@code perf/load.sh} sets one for both), for every tenant; none when
 * it is unset (the baseline server needs none). Immutable.
 */
final class LoadTokens {

  static final String SECRET_VARIABLE = "JWT_SECRET";
  private static final Duration TTL = Duration.ofDays(1);

  private final @Nullable String viewer;
  private final @Nullable String publisher;

  private LoadTokens(@Nullable String secret) {
    TokenMinter minter = secret == null || secret.isBlank() ? null : new TokenMinter(secret);
    this.viewer =
        minter == null ? null : minter.mint("loadgen", Set.of(Role.VIEWER), List.of("*"), TTL);
    this.publisher =
        minter == null ? null : minter.mint("loadgen", Set.of(Role.PUBLISHER), List.of("*"), TTL);
  }

  static LoadTokens fromEnvironment() {
    return new LoadTokens(System.getenv(SECRET_VARIABLE));
  }

  /** {@code Authorization} value for the /ws handshake. */
  Optional<String> viewerAuthorization() {
    return Optional.ofNullable(viewer).map(token -> "Bearer " + token);
  }

  /** {@code Authorization} value for {@code POST /api/v1/events}. */
  Optional<String> publisherAuthorization() {
    return Optional.ofNullable(publisher).map(token -> "Bearer " + token);
  }
}
