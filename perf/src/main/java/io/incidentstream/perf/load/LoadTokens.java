package io.incidentstream.perf.load;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The bearer tokens the load generator sends: minted from {@code JWT_SECRET}, the secret the server
 * under test was started with ({@code perf/load.sh} sets one for both), for every tenant; none when
 * it is unset (the baseline server needs none). Signed with nimbus-jose-jwt here rather than with
 * the streaming module's minter: {@code loadgen.jar} leaves the streaming module out (so the
 * baseline server starts none of its beans). Immutable.
 */
final class LoadTokens {

  static final String SECRET_VARIABLE = "JWT_SECRET";
  private static final Duration TTL = Duration.ofDays(1);

  private final @Nullable String viewer;
  private final @Nullable String publisher;

  private LoadTokens(@Nullable String secret) {
    boolean none = secret == null || secret.isBlank();
    this.viewer = none ? null : mint(secret, "viewer");
    this.publisher = none ? null : mint(secret, "publisher");
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

  private static String mint(String secret, String role) {
    Instant now = Instant.now();
    JWTClaimsSet claims =
        new JWTClaimsSet.Builder()
            .subject("loadgen")
            .claim("roles", List.of(role))
            .claim("tenants", List.of("*"))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(TTL)))
            .build();
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (JOSEException e) {
      throw new IllegalArgumentException(
          SECRET_VARIABLE + " cannot sign an HS256 token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }
}
