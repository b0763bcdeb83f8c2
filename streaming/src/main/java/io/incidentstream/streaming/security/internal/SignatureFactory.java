package io.incidentstream.streaming.security.internal;

import com.nimbusds.jose.jwk.KeyType;
import io.incidentstream.streaming.security.SecuritySettings;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.security.token.jwt.signature.jwks.JwksSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The JWKS as a micronaut-security-jwt signature configuration, from which the library builds its
 * {@code ReactiveJwksSignature} (RS256/ES256 by the keys at {@code stream.security.jwks-url}). The
 * HS256 key is {@link HmacSignature}; both may be on at once.
 */
@Factory
final class SignatureFactory {

  static final String NAME = "stream";

  /** Seconds a fetched JWKS is kept (the library refetches it after that). */
  private static final int JWKS_CACHE_SECONDS = 300;

  @Singleton
  @Named(NAME + "-jwks")
  @Requires(property = "stream.security.jwks-url", pattern = ".*\\S.*")
  JwksSignatureConfiguration jwks(SecuritySettings settings) {
    return new StreamJwks(Objects.requireNonNull(settings.jwksUrl(), "stream.security.jwks-url"));
  }

  private record StreamJwks(String url) implements JwksSignatureConfiguration {

    @Override
    public String getUrl() {
      return url;
    }

    @Override
    public @Nullable KeyType getKeyType() {
      return null;
    }

    @Override
    @SuppressWarnings("removal")
    public Integer getCacheExpiration() {
      return JWKS_CACHE_SECONDS;
    }

    @Override
    public String getName() {
      return NAME + "-jwks";
    }
  }
}
