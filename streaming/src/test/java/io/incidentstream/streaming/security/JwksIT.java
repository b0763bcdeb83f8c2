package io.incidentstream.streaming.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * RS256 tokens checked against a JWKS that a real local HTTP server serves, with the HS256 secret
 * configured at the same time (both must work).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JwksIT implements TestPropertyProvider {

  private final RSAKey key;
  private final RSAKey otherKey;
  private final AtomicInteger fetches = new AtomicInteger();
  private HttpServer jwks;

  @Inject EmbeddedServer server;

  JwksIT() throws Exception {
    key = new RSAKeyGenerator(2048).keyID("k1").generate();
    otherKey = new RSAKeyGenerator(2048).keyID("k1").generate();
  }

  @Override
  public Map<String, String> getProperties() {
    try {
      jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
    jwks.createContext(
        "/jwks.json",
        exchange -> {
          fetches.incrementAndGet();
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    jwks.start();
    return Map.of(
        "stream.security.jwks-url",
        "http://127.0.0.1:" + jwks.getAddress().getPort() + "/jwks.json");
  }

  @AfterAll
  void stopJwks() {
    jwks.stop(0);
  }

  @Test
  void shouldAcceptAnRs256TokenSignedByAKeyOfTheJwks() throws Exception {
    try (WsTestClient client =
        WsTestClient.connectWithToken(server.getURI(), rs256(key, "frank"))) {
      assertThat(client.awaitType("welcome").path("session_id").asText()).isNotBlank();
    }
    assertThat(fetches.get()).isPositive();
  }

  @Test
  void shouldRefuseAnRs256TokenSignedByAnotherKey() throws Exception {
    HandshakeProbe.Answer answer = HandshakeProbe.bearer(server.getURI(), rs256(otherKey, "eve"));

    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.body()).contains("invalid signature");
  }

  @Test
  void shouldStillAcceptHs256TokensOfTheSecret() {
    assertThat(HandshakeProbe.bearer(server.getURI(), TestTokens.viewer()).status()).isEqualTo(101);
  }

  private static String rs256(RSAKey signingKey, String subject) throws Exception {
    SignedJWT jwt =
        new SignedJWT(
            new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signingKey.getKeyID()).build(),
            new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("roles", List.of("viewer"))
                .claim("tenants", List.of("*"))
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build());
    jwt.sign(new RSASSASigner(signingKey));
    return jwt.serialize();
  }
}
