package io.incidentstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TokenCommandTest {

  private static final String SECRET = "a-secret-for-this-test-of-at-least-32-bytes";

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(Map<String, String> env, String... args) {
    return new TokenCommand(
            env,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8))
        .run(List.of(args));
  }

  @Test
  void shouldMintATokenWithTheRequestedClaimsSignedWithJwtSecret() throws Exception {
    int status =
        run(
            Map.of("JWT_SECRET", SECRET),
            "--role",
            "viewer",
            "--tenants",
            "acme,beta",
            "--subject",
            "alice",
            "--ttl",
            "8h");

    assertThat(status).isZero();
    SignedJWT jwt = SignedJWT.parse(out.toString(StandardCharsets.UTF_8).trim());
    assertThat(jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))).isTrue();
    JWTClaimsSet claims = jwt.getJWTClaimsSet();
    assertThat(claims.getSubject()).isEqualTo("alice");
    assertThat(claims.getStringListClaim("roles")).containsExactly("viewer");
    assertThat(claims.getStringListClaim("tenants")).containsExactly("acme", "beta");
    assertThat(Duration.between(Instant.now(), claims.getExpirationTime().toInstant()))
        .isBetween(Duration.ofHours(8).minusMinutes(1), Duration.ofHours(8));
  }

  @Test
  void shouldAddIssuerAndAudienceWhenTheServerChecksThem() throws Exception {
    run(
        Map.of(
            "JWT_SECRET", SECRET,
            "STREAM_SECURITY_ISSUER", "https://idp.example",
            "STREAM_SECURITY_AUDIENCE", "incident-stream"),
        "--role",
        "publisher",
        "--tenants",
        "*",
        "--subject",
        "bot");

    JWTClaimsSet claims =
        SignedJWT.parse(out.toString(StandardCharsets.UTF_8).trim()).getJWTClaimsSet();
    assertThat(claims.getIssuer()).isEqualTo("https://idp.example");
    assertThat(claims.getAudience()).containsExactly("incident-stream");
  }

  @Test
  void shouldRefuseWithoutJwtSecret() {
    int status = run(Map.of(), "--role", "viewer", "--tenants", "*", "--subject", "alice");

    assertThat(status).isEqualTo(2);
    assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("JWT_SECRET is not set");
  }

  @Test
  void shouldRefuseAShortSecretNamingTheRule() {
    int status =
        run(Map.of("JWT_SECRET", "short"), "--role", "viewer", "--tenants", "*", "--subject", "a");

    assertThat(status).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("at least 32 bytes");
  }

  @Test
  void shouldRefuseAnUnknownRoleAndABadTtl() {
    assertThat(
            run(Map.of("JWT_SECRET", SECRET), "--role", "root", "--tenants", "*", "--subject", "a"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown role root");
    assertThat(
            run(
                Map.of("JWT_SECRET", SECRET),
                "--role",
                "viewer",
                "--tenants",
                "*",
                "--subject",
                "a",
                "--ttl",
                "8x"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("bad --ttl 8x");
  }
}
