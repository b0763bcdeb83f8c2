package io.incidentstream.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class TokenExpiryTest {

  private static String jwt(String payloadJson) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    return b64.encodeToString(
            "{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "."
        + b64.encodeToString(payloadJson.getBytes(StandardCharsets.UTF_8))
        + ".c2lnbmF0dXJl";
  }

  @Test
  void shouldReadTheExpClaim() {
    String token =
        jwt("{\"sub\":\"alice\",\"roles\":[\"viewer\"],\"nested\":{\"exp\":1},\"exp\":1796000000}");

    assertThat(TokenExpiry.of(token)).contains(Instant.ofEpochSecond(1796000000));
  }

  @Test
  void shouldKnowNoExpiryForTokensItCannotRead() {
    assertThat(TokenExpiry.of("not-a-jwt")).isEmpty();
    assertThat(TokenExpiry.of("a.b.c")).isEmpty();
    assertThat(TokenExpiry.of(jwt("{\"sub\":\"alice\"}"))).isEmpty();
    assertThat(TokenExpiry.of(jwt("{\"exp\":\"tomorrow\"}"))).isEmpty();
    assertThat(TokenExpiry.of(jwt("[1,2]"))).isEmpty();
    assertThat(TokenExpiry.of(jwt("{\"exp\":"))).isEmpty();
  }
}
