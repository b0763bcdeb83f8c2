package io.incidentstream.streaming.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jwt.JWTClaimsSet;
import io.incidentstream.streaming.security.HandshakeProbe.Answer;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code /ws} handshake's token checks over real TCP, with the production beans: every refusal
 * is an HTTP answer before the upgrade (status, challenge, JSON reason) and opens no session; every
 * accepted path gets {@code welcome}.
 */
@MicronautTest
class HandshakeAuthIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Inject EmbeddedServer server;
  @Inject ConnectionRegistry registry;

  @AfterEach
  void noSessionLeft() {
    await().until(() -> registry.size() == 0);
  }

  @Test
  void shouldRefuseAnUpgradeWithoutATokenWith401() {
    Answer answer = HandshakeProbe.upgrade(server.getURI(), "/ws", "");

    assertRefused401(answer, "missing token");
    assertThat(registry.size()).isZero();
  }

  @Test
  void shouldAnswerAnInvalidHandshakeAsSuchBeforeAskingForAToken() {
    Answer answer =
        HandshakeProbe.send(
            server.getURI(),
            "POST /ws HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");

    assertThat(answer.status()).isEqualTo(405);
  }

  @Test
  void shouldRefuseAGarbageTokenWith401() {
    assertRefused401(withBearer("not-a-jwt"), "malformed token");
  }

  @Test
  void shouldRefuseATokenSignedWithAnotherKeyWith401() {
    String foreign =
        new TokenMinter("another-key-of-at-least-thirty-two-bytes!")
            .mint("mallory", Set.of(Role.ADMIN), List.of("*"), Duration.ofHours(1));

    assertRefused401(withBearer(foreign), "invalid signature");
  }

  @Test
  void shouldRefuseATokenExpiredBeyondTheClockSkewWith401() {
    String expired = sign(claims("alice").expirationTime(ago(Duration.ofSeconds(31))));

    assertRefused401(withBearer(expired), "Expired JWT");
  }

  @Test
  void shouldRefuseATokenNotYetValidBeyondTheClockSkewWith401() {
    String early =
        sign(
            claims("alice")
                .notBeforeTime(Date.from(Instant.now().plusSeconds(60)))
                .expirationTime(Date.from(Instant.now().plusSeconds(3600))));

    assertRefused401(withBearer(early), "before use time");
  }

  @Test
  void shouldRefuseATokenWithoutExpWith401() {
    assertRefused401(withBearer(sign(claims("alice"))), "missing required claims");
  }

  @Test
  void shouldRefuseATokenWithoutTenantsWith401() {
    String token =
        sign(
            new JWTClaimsSet.Builder()
                .subject("alice")
                .claim("roles", List.of("viewer"))
                .expirationTime(Date.from(Instant.now().plusSeconds(3600))));

    assertRefused401(withBearer(token), "missing tenants claim");
  }

  @Test
  void shouldRefuseAnUnsignedTokenWith401() {
    String unsigned =
        new com.nimbusds.jwt.PlainJWT(
                claims("alice").expirationTime(Date.from(Instant.now().plusSeconds(60))).build())
            .serialize();

    assertRefused401(withBearer(unsigned), "unsigned token");
  }

  @Test
  void shouldRefuseATokenWithoutTheViewerRoleWith403() {
    String publisher = TestTokens.publisher("producer", List.of("*"));

    Answer answer = withBearer(publisher);

    assertThat(answer.status()).isEqualTo(403);
    assertThat(json(answer).path("error").asText()).isEqualTo("FORBIDDEN");
    assertThat(json(answer).path("message").asText()).contains("viewer or admin role");
  }

  @Test
  void shouldAcceptItsOwnOriginAndLocalhostOrigins() {
    String token = "Authorization: Bearer " + TestTokens.viewer() + "\r\n";
    String own = "http://" + server.getURI().getAuthority();

    assertThat(HandshakeProbe.upgrade(server.getURI(), "/ws", token + "Origin: " + own + "\r\n"))
        .extracting(Answer::status)
        .isEqualTo(101);
    assertThat(
            HandshakeProbe.upgrade(
                server.getURI(), "/ws", token + "Origin: http://localhost:3000\r\n"))
        .extracting(Answer::status)
        .isEqualTo(101);
  }

  @Test
  void shouldNotReadTheQueryTokenWhileItIsOff() {
    Answer answer =
        HandshakeProbe.upgrade(server.getURI(), "/ws?access_token=" + TestTokens.viewer(), "");

    assertRefused401(answer, "stream.security.query-token");
  }

  @Test
  void shouldAcceptABearerHeader() {
    try (WsTestClient client =
        WsTestClient.connectWithToken(server.getURI(), TestTokens.viewer())) {
      assertThat(client.awaitType("welcome").path("session_id").asText()).isNotBlank();
    }
  }

  @Test
  void shouldAcceptTheSubprotocolTokenAndAnswerOnlyTheProtocolName() {
    String token = TestTokens.viewer();
    try (WsTestClient client = WsTestClient.connectWithSubprotocol(server.getURI(), token)) {
      client.awaitType("welcome");
      assertThat(client.subprotocol()).isEqualTo("incident-stream.v1");
    }
    Answer raw =
        HandshakeProbe.upgrade(
            server.getURI(),
            "/ws",
            "Sec-WebSocket-Protocol: incident-stream.v1, bearer." + token + "\r\n");
    assertThat(raw.status()).isEqualTo(101);
    assertThat(raw.header("Sec-WebSocket-Protocol")).isEqualTo("incident-stream.v1");
  }

  @Test
  void shouldAcceptATokenExpiredWithinTheSkewAndCloseItAt4001() {
    String justExpired = sign(viewerClaims("bob").expirationTime(ago(Duration.ofSeconds(5))));

    try (WsTestClient client = WsTestClient.connectWithToken(server.getURI(), justExpired)) {
      assertThat(client.awaitType("closing").path("reason").asText()).isEqualTo("token expired");
      assertThat(client.awaitClose()).isEqualTo(4001);
    }
  }

  private Answer withBearer(String token) {
    return HandshakeProbe.upgrade(
        server.getURI(), "/ws", "Authorization: Bearer " + token + "\r\n");
  }

  private static void assertRefused401(Answer answer, String reason) {
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
    assertThat(answer.header("Upgrade")).isEmpty();
    JsonNode body = json(answer);
    assertThat(body.path("error").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(body.path("message").asText()).contains(reason);
  }

  private static JsonNode json(Answer answer) {
    try {
      return JSON.readTree(answer.body());
    } catch (Exception e) {
      throw new AssertionError("not JSON: " + answer.body(), e);
    }
  }

  static JWTClaimsSet.Builder claims(String subject) {
    return new JWTClaimsSet.Builder()
        .subject(subject)
        .claim("roles", List.of("viewer"))
        .claim("tenants", List.of("*"));
  }

  static JWTClaimsSet.Builder viewerClaims(String subject) {
    return claims(subject);
  }

  static Date ago(Duration duration) {
    return Date.from(Instant.now().minus(duration));
  }

  static String sign(JWTClaimsSet.Builder claims) {
    return TestTokens.minter().sign(claims.build());
  }
}
