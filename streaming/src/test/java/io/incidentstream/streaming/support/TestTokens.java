package io.incidentstream.streaming.support;

import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.TokenMinter;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Tokens for the tests, signed (with nimbus-jose-jwt, through {@link TokenMinter}) by the test-only
 * key that {@code application-test.yml} configures as {@code stream.security.jwt-secret}.
 */
public final class TestTokens {

  /** The same string as {@code stream.security.jwt-secret} in {@code application-test.yml}. */
  public static final String SECRET = "test-only-hs256-key-never-used-outside-the-tests";

  public static final Duration TTL = Duration.ofHours(1);

  private static final TokenMinter MINTER = new TokenMinter(SECRET);

  private TestTokens() {}

  public static TokenMinter minter() {
    return MINTER;
  }

  /** A viewer of every tenant, valid for an hour: what the /ws tests connect with. */
  public static String viewer() {
    return MINTER.mint("test-viewer", Set.of(Role.VIEWER), List.of("*"), TTL);
  }

  /** An admin of every tenant, valid for an hour: what the HTTP tests call with. */
  public static String admin() {
    return MINTER.mint("test-admin", Set.of(Role.ADMIN), List.of("*"), TTL);
  }

  public static String viewer(String subject, List<String> tenants, Duration ttl) {
    return MINTER.mint(subject, Set.of(Role.VIEWER), tenants, ttl);
  }

  public static String publisher(String subject, List<String> tenants) {
    return MINTER.mint(subject, Set.of(Role.PUBLISHER), tenants, TTL);
  }
}
