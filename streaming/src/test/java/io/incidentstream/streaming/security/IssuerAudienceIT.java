package io.incidentstream.streaming.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.JWTClaimsSet;
import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.TestTokens;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code stream.security.issuer} and {@code audience}: checked on the socket and over HTTP. */
@MicronautTest
@Property(name = "stream.security.issuer", value = "https://idp.example")
@Property(name = "stream.security.audience", value = "incident-stream")
class IssuerAudienceIT {

  private static String token(String issuer, String audience) {
    return TestTokens.minter()
        .sign(
            new JWTClaimsSet.Builder()
                .subject("erin")
                .issuer(issuer)
                .audience(audience)
                .claim("roles", List.of("viewer", "admin"))
                .claim("tenants", List.of("*"))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
  }

  @Inject EmbeddedServer server;

  @Test
  void shouldRefuseAWrongIssuerWith401OnTheSocketAndOverHttp() {
    String wrong = token("https://other.example", "incident-stream");

    HandshakeProbe.Answer answer = HandshakeProbe.bearer(server.getURI(), wrong);
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body()).contains("iss");
    assertThat(new Http(server.getURI()).withToken(wrong).get("/api/v1/cluster/members"))
        .extracting(r -> r.statusCode())
        .isEqualTo(401);
  }

  @Test
  void shouldRefuseAWrongAudienceWith401() {
    HandshakeProbe.Answer answer =
        HandshakeProbe.bearer(server.getURI(), token("https://idp.example", "someone-else"));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body()).contains("audience");
  }

  @Test
  void shouldAcceptTheConfiguredIssuerAndAudience() {
    String right = token("https://idp.example", "incident-stream");

    assertThat(HandshakeProbe.bearer(server.getURI(), right).status()).isEqualTo(101);
    assertThat(new Http(server.getURI()).withToken(right).get("/api/v1/cluster/members"))
        .extracting(r -> r.statusCode())
        .isEqualTo(200);
  }
}
