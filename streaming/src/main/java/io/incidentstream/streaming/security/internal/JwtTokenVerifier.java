package io.incidentstream.streaming.security.internal;

import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.streaming.ingest.TenantIds;
import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.SecuritySettings;
import io.incidentstream.streaming.security.StreamPrincipal;
import io.incidentstream.streaming.security.TokenRejectedException;
import io.incidentstream.streaming.security.TokenVerifier;
import io.micronaut.context.annotation.Context;
import io.micronaut.security.token.jwt.validator.JsonWebTokenParser;
import io.micronaut.security.token.jwt.validator.ReactiveJsonWebTokenSignatureValidator;
import java.text.ParseException;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * {@link TokenVerifier} on micronaut-security-jwt: the library parses the token and checks its
 * signature against every configured key (HS256 secret, JWKS fetched and cached without blocking);
 * nimbus-jose-jwt's claims verifier then checks {@code exp}/{@code nbf} with the clock skew, the
 * required claims, and {@code iss}/{@code aud} when configured. The library's own claim validators
 * are not used: they know no clock skew and do not require {@code exp}. Built at start, so a bad
 * setting stops the server instead of the first handshake. Thread-safe.
 */
@Context
final class JwtTokenVerifier implements TokenVerifier {

  static final String ROLES_CLAIM = "roles";
  static final String TENANTS_CLAIM = "tenants";

  private final JsonWebTokenParser<JWT> parser;
  private final ReactiveJsonWebTokenSignatureValidator<SignedJWT> signatures;
  private final DefaultJWTClaimsVerifier<?> claims;

  JwtTokenVerifier(
      JsonWebTokenParser<JWT> parser,
      ReactiveJsonWebTokenSignatureValidator<SignedJWT> signatures,
      SecuritySettings settings) {
    this.parser = parser;
    this.signatures = signatures;
    this.claims = claimsVerifier(settings);
  }

  @Override
  public CompletionStage<StreamPrincipal> verify(String token) {
    SignedJWT jwt;
    try {
      jwt = parse(token);
    } catch (TokenRejectedException e) {
      return CompletableFuture.failedFuture(e);
    }
    return Mono.from(signatures.validateSignature(jwt))
        .defaultIfEmpty(Boolean.FALSE)
        .toFuture()
        .handle((valid, failure) -> principal(jwt, valid, failure));
  }

  private SignedJWT parse(String token) {
    Optional<JWT> parsed;
    try {
      parsed = parser.parse(token);
    } catch (RuntimeException e) {
      parsed = Optional.empty();
    }
    if (parsed.isEmpty()) {
      throw new TokenRejectedException("malformed token: not a JWT");
    }
    if (!(parsed.get() instanceof SignedJWT signed)) {
      throw new TokenRejectedException(
          "unsigned token: a signed JWT (HS256, RS256, ES256) is required");
    }
    return signed;
  }

  private StreamPrincipal principal(
      SignedJWT jwt, @Nullable Boolean valid, @Nullable Throwable failure) {
    if (failure != null) {
      throw new CompletionException(
          new TokenRejectedException("signature could not be checked: " + rootMessage(failure)));
    }
    if (!Boolean.TRUE.equals(valid)) {
      throw new CompletionException(
          new TokenRejectedException(
              "invalid signature (algorithm "
                  + jwt.getHeader().getAlgorithm()
                  + "): not signed by a key this server trusts"));
    }
    try {
      return principal(jwt.getJWTClaimsSet());
    } catch (TokenRejectedException e) {
      throw new CompletionException(e);
    } catch (ParseException e) {
      throw new CompletionException(
          new TokenRejectedException("malformed claims: " + e.getMessage()));
    }
  }

  private StreamPrincipal principal(JWTClaimsSet set) {
    try {
      claims.verify(set, null);
    } catch (BadJWTException e) {
      throw new TokenRejectedException(e.getMessage());
    }
    return new StreamPrincipal(
        set.getSubject(), roles(set), tenants(set), set.getExpirationTime().toInstant());
  }

  private static Set<Role> roles(JWTClaimsSet set) {
    List<String> claim = stringList(set, ROLES_CLAIM);
    Set<Role> roles = EnumSet.noneOf(Role.class);
    if (claim != null) {
      claim.forEach(name -> Role.fromClaim(name).ifPresent(roles::add));
    }
    return roles;
  }

  private static TenantScope tenants(JWTClaimsSet set) {
    List<String> claim = stringList(set, TENANTS_CLAIM);
    if (claim == null) {
      throw new TokenRejectedException(
          "missing tenants claim: a list of tenant ids, [\"*\"] for every tenant");
    }
    Set<String> tenants = new HashSet<>();
    for (String tenant : claim) {
      if (!TenantScope.WILDCARD.equals(tenant) && !TenantIds.isValid(tenant)) {
        throw new TokenRejectedException(
            "invalid tenants claim: each must be \"*\" or 1-"
                + TenantIds.MAX_LENGTH
                + " characters of [A-Za-z0-9._-]");
      }
      tenants.add(tenant);
    }
    return TenantScope.of(tenants);
  }

  private static @Nullable List<String> stringList(JWTClaimsSet set, String name) {
    try {
      return set.getStringListClaim(name);
    } catch (ParseException notAList) {
      throw new TokenRejectedException("invalid " + name + " claim: must be a list of strings");
    }
  }

  private static DefaultJWTClaimsVerifier<?> claimsVerifier(SecuritySettings settings) {
    JWTClaimsSet.Builder exact = new JWTClaimsSet.Builder();
    if (settings.issuer() != null) {
      exact.issuer(settings.issuer());
    }
    // Mutable sets: nimbus asks them whether they contain null, which Set.of answers with an NPE.
    Set<String> audience =
        settings.audience() == null ? null : new HashSet<>(List.of(settings.audience()));
    DefaultJWTClaimsVerifier<?> verifier =
        new DefaultJWTClaimsVerifier<>(
            audience, exact.build(), new HashSet<>(List.of("sub", "exp")), null);
    verifier.setMaxClockSkew(Math.toIntExact(settings.clockSkew().toSeconds()));
    return verifier;
  }

  private static String rootMessage(Throwable failure) {
    Throwable cause = failure;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }
}
