package io.incidentstream.streaming.security;

import java.util.concurrent.CompletionStage;

/**
 * Checks a bearer token: signature (HS256 secret, or a key of the JWKS), then claims ({@code sub}
 * and {@code exp} required, {@code nbf}, {@code iss} and {@code aud} when configured, with the
 * configured clock skew). Thread-safe; never blocks the caller (a JWKS is fetched asynchronously).
 */
public interface TokenVerifier {

  /**
   * The principal the token proves, or a stage failed with {@link TokenRejectedException} naming
   * the reason.
   */
  CompletionStage<StreamPrincipal> verify(String token);
}
