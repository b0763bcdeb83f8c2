package io.incidentstream.streaming.security.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentstream.streaming.security.SecuritySettings;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningSecretTest {

  private static SecuritySettings settings(String secret, String jwksUrl) {
    return new SecuritySettings(
        secret, jwksUrl, null, null, Duration.ofSeconds(30), false, false, List.of());
  }

  @Test
  void shouldAcceptASecretOfExactly32Bytes() {
    String secret = "x".repeat(32);

    SigningSecret signing = new SigningSecret(settings(secret, null));

    assertThat(signing.secret()).contains(secret);
    assertThat(signing.generated()).isFalse();
  }

  @Test
  void shouldRefuseA31ByteSecretNamingTheSetting() {
    assertThatThrownBy(() -> new SigningSecret(settings("x".repeat(31), null)))
        .isInstanceOf(ConfigurationException.class)
        .hasMessageContaining("stream.security.jwt-secret (JWT_SECRET)")
        .hasMessageContaining("at least 32 bytes")
        .hasMessageContaining("is 31");
  }

  @Test
  void shouldCountUtf8BytesNotCharacters() {
    String sixteenTwoByteChars = "é".repeat(16);

    assertThat(new SigningSecret(settings(sixteenTwoByteChars, null)).secret()).isPresent();
  }

  @Test
  void shouldMakeADifferent256BitSecretAtEachStartWithoutSecretOrJwks() {
    SigningSecret first = new SigningSecret(settings(null, null));
    SigningSecret second = new SigningSecret(settings(null, null));

    assertThat(first.generated()).isTrue();
    assertThat(first.secret().orElseThrow().getBytes(StandardCharsets.UTF_8).length)
        .isGreaterThanOrEqualTo(32);
    assertThat(first.secret()).isNotEqualTo(second.secret());
  }

  @Test
  void shouldHaveNoSecretWhenOnlyAJwksIsConfigured() {
    SigningSecret signing = new SigningSecret(settings(null, "https://idp.example/jwks.json"));

    assertThat(signing.secret()).isEmpty();
    assertThat(signing.generated()).isFalse();
  }

  @Test
  void shouldNeverShowTheSecretInToString() {
    String secret = "a-very-secret-value-of-more-than-32-bytes";

    assertThat(new SigningSecret(settings(secret, null)).toString()).doesNotContain(secret);
    assertThat(settings(secret, null).toString()).doesNotContain(secret);
  }
}
