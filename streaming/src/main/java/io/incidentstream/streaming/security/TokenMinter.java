package io.incidentstream.streaming.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.incidentstream.streaming.StreamingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Signs HS256 tokens with the stream's claims ({@code sub}, {@code roles}, {@code tenants}, {@code
 * iat}, {@code exp}, and {@code iss}/{@code aud} when given) using nimbus-jose-jwt, the library
 * micronaut-security-jwt verifies with. Any standard JWT library can mint the same tokens; this is
 * the convenience behind the printed tokens, the {@code token} command and the load generator.
 * Immutable and thread-safe.
 */
public final class TokenMinter {

  /** The shortest HS256 key accepted, in bytes (RFC 7518 section 3.2). */
  public static final int MIN_SECRET_BYTES = 32;

  private final MACSigner signer;
  private final @Nullable String issuer;
  private final @Nullable String audience;

  /**
   * @param secret the HS256 key: this string's UTF-8 bytes, at least {@link #MIN_SECRET_BYTES}
   * @throws IllegalArgumentException if the key is shorter
   */
  public TokenMinter(String secret, @Nullable String issuer, @Nullable String audience) {
    this.signer = signer(requireLongEnough(secret, "the secret"));
    this.issuer = issuer;
    this.audience = audience;
  }

  public TokenMinter(String secret) {
    this(secret, null, null);
  }

  /**
   * Returns {@code secret}'s UTF-8 bytes, or throws naming {@code setting} when they are fewer than
   * {@link #MIN_SECRET_BYTES}.
   */
  public static byte[] requireLongEnough(String secret, String setting) {
    Objects.requireNonNull(secret, setting);
    byte[] key = secret.getBytes(StandardCharsets.UTF_8);
    if (key.length < MIN_SECRET_BYTES) {
      throw new IllegalArgumentException(
          setting
              + " must be at least "
              + MIN_SECRET_BYTES
              + " bytes of UTF-8 for HS256, but is "
              + key.length);
    }
    return key;
  }

  /** A token for {@code subject} with these roles and tenants ({@code *} = all), valid for ttl. */
  public String mint(
      String subject, Collection<Role> roles, Collection<String> tenants, Duration ttl) {
    Objects.requireNonNull(subject, "subject");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("ttl must be positive, was " + ttl);
    }
    Instant now = Instant.now();
    JWTClaimsSet.Builder claims =
        new JWTClaimsSet.Builder()
            .subject(subject)
            .claim("roles", roles.stream().map(Role::claim).toList())
            .claim("tenants", List.copyOf(tenants))
            .issueTime(Date.from(now))
            .expirationTime(Date.from(now.plus(ttl)));
    if (issuer != null) {
      claims.issuer(issuer);
    }
    if (audience != null) {
      claims.audience(audience);
    }
    return sign(claims.build());
  }

  /** Signs arbitrary claims (tests use it for tokens that must be refused). */
  public String sign(JWTClaimsSet claims) {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(), claims);
    try {
      jwt.sign(signer);
    } catch (JOSEException e) {
      throw new StreamingException("cannot sign a token: " + e.getMessage(), e);
    }
    return jwt.serialize();
  }

  private static MACSigner signer(byte[] key) {
    try {
      return new MACSigner(key);
    } catch (JOSEException e) {
      throw new IllegalArgumentException("unusable HS256 key: " + e.getMessage(), e);
    }
  }
}
