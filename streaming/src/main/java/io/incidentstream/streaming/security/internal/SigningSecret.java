package io.incidentstream.streaming.security.internal;

import io.incidentstream.streaming.security.SecuritySettings;
import io.incidentstream.streaming.security.TokenMinter;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.exceptions.ConfigurationException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The HS256 key: {@code stream.security.jwt-secret} when set (at least 32 bytes, else start-up
 * fails naming the setting); with neither a secret nor a JWKS configured, a random 256-bit secret
 * made at start (the embedded default, so no fixed secret exists); none when only a JWKS is
 * configured. Created at start so a bad secret stops the server at once. Immutable.
 */
@Context
public final class SigningSecret {

  private static final int RANDOM_BYTES = 32;

  private final @Nullable String secret;
  private final boolean generated;

  SigningSecret(SecuritySettings settings) {
    String configured = settings.jwtSecret();
    if (configured != null) {
      requireLongEnough(configured);
      this.secret = configured;
      this.generated = false;
    } else if (settings.hasJwks()) {
      this.secret = null;
      this.generated = false;
    } else {
      this.secret = randomSecret();
      this.generated = true;
    }
  }

  /** The key, when HS256 tokens are accepted. */
  public Optional<String> secret() {
    return Optional.ofNullable(secret);
  }

  /** Whether the key was made at start (no secret and no JWKS configured). */
  public boolean generated() {
    return generated;
  }

  private static void requireLongEnough(String configured) {
    try {
      TokenMinter.requireLongEnough(configured, SecuritySettings.JWT_SECRET_SETTING);
    } catch (IllegalArgumentException tooShort) {
      throw new ConfigurationException(tooShort.getMessage());
    }
  }

  /** 256 random bits, base64url: the key is this string's 43 UTF-8 bytes, as for a set secret. */
  private static String randomSecret() {
    byte[] bytes = new byte[RANDOM_BYTES];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  @Override
  public String toString() {
    return "SigningSecret[" + (secret == null ? "none" : generated ? "generated" : "set") + "]";
  }
}
