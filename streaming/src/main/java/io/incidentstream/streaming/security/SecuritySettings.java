package io.incidentstream.streaming.security;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The {@code stream.security.*} settings (DESIGN section 7). {@code JWT_SECRET} and {@code
 * JWKS_URL} reach the first two through the application's configuration file.
 *
 * @param jwtSecret HS256 key: the UTF-8 bytes of this string, at least 32 of them; with neither
 *     this nor {@code jwksUrl}, a random secret is made at start (the embedded default)
 * @param jwksUrl where to fetch the keys that check RS256/ES256 tokens
 * @param issuer when set, a token's {@code iss} must equal it
 * @param audience when set, a token's {@code aud} must contain it
 * @param clockSkew tolerance on {@code exp} and {@code nbf} when a token is checked
 * @param queryToken whether {@code /ws?access_token=} is accepted (off: URLs end up in logs)
 * @param anonymous whether a {@code /ws} client without a token streams tenant {@code default}
 * @param allowedOrigins browser origins allowed on {@code /ws} besides the server's own and any
 *     {@code localhost} port; {@code *} allows every origin
 */
@ConfigurationProperties("stream.security")
public record SecuritySettings(
    @Nullable String jwtSecret,
    @Nullable String jwksUrl,
    @Nullable String issuer,
    @Nullable String audience,
    @Bindable(defaultValue = "30s") Duration clockSkew,
    @Bindable(defaultValue = "false") boolean queryToken,
    @Bindable(defaultValue = "false") boolean anonymous,
    @Nullable List<String> allowedOrigins) {

  /** The setting that holds the HS256 secret, as error messages name it. */
  public static final String JWT_SECRET_SETTING = "stream.security.jwt-secret (JWT_SECRET)";

  public SecuritySettings {
    allowedOrigins = allowedOrigins == null ? List.of() : List.copyOf(allowedOrigins);
    jwtSecret = blankToNull(jwtSecret);
    jwksUrl = blankToNull(jwksUrl);
    issuer = blankToNull(issuer);
    audience = blankToNull(audience);
  }

  /** Whether a JWKS is configured. */
  public boolean hasJwks() {
    return jwksUrl != null;
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value;
  }

  /** Never shows the secret. */
  @Override
  public String toString() {
    return "SecuritySettings[jwtSecret="
        + (jwtSecret == null ? "unset" : "set")
        + ", jwksUrl="
        + jwksUrl
        + ", issuer="
        + issuer
        + ", audience="
        + audience
        + ", clockSkew="
        + clockSkew
        + ", queryToken="
        + queryToken
        + ", anonymous="
        + anonymous
        + ", allowedOrigins="
        + allowedOrigins
        + "]";
  }
}
