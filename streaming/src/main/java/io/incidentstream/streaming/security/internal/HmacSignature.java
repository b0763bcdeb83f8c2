package io.incidentstream.streaming.security.internal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.SignedJWT;
import io.micronaut.security.token.jwt.signature.SignatureConfiguration;
import io.micronaut.security.token.jwt.signature.secret.SecretSignature;
import io.micronaut.security.token.jwt.signature.secret.SecretSignatureConfiguration;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jspecify.annotations.Nullable;

/**
 * HS256 verification with the {@link SigningSecret}, done by micronaut-security-jwt's own {@link
 * SecretSignature}; verifies nothing when only a JWKS is configured. A bean of its own (rather than
 * a {@code SecretSignatureConfiguration} under a condition) so that the generated secret and the
 * configured one take the same path. Immutable, thread-safe.
 */
@Singleton
@Named(SignatureFactory.NAME)
final class HmacSignature implements SignatureConfiguration {

  private final @Nullable SecretSignature signature;

  HmacSignature(SigningSecret secret) {
    this.signature = secret.secret().map(HmacSignature::signature).orElse(null);
  }

  private static SecretSignature signature(String secret) {
    SecretSignatureConfiguration configuration =
        new SecretSignatureConfiguration(SignatureFactory.NAME);
    configuration.setJwsAlgorithm(JWSAlgorithm.HS256);
    configuration.setSecret(secret);
    return new SecretSignature(configuration);
  }

  @Override
  public String supportedAlgorithmsMessage() {
    return signature == null ? "none (no HS256 secret)" : signature.supportedAlgorithmsMessage();
  }

  @Override
  public boolean supports(JWSAlgorithm algorithm) {
    return signature != null && signature.supports(algorithm);
  }

  @Override
  public boolean verify(SignedJWT jwt) throws JOSEException {
    return signature != null && signature.verify(jwt);
  }
}
