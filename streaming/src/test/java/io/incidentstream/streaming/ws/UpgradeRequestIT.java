package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A request to {@code /ws} that is not a valid WebSocket opening handshake gets a clear HTTP error
 * at once (never silence, never a session), and the server keeps serving. Raw sockets, because the
 * JDK client neither sends nor lets a test set these headers.
 */
@MicronautTest(environments = WsTestEnv.NAME)
class UpgradeRequestIT {

  private static final int SOCKET_TIMEOUT_MILLIS = 5_000;
  private static final String UPGRADE = "Upgrade: websocket\r\nConnection: Upgrade\r\n";
  private static final String VERSION = "Sec-WebSocket-Version: 13\r\n";

  @Inject EmbeddedServer server;
  @Inject ConnectionRegistry registry;

  static Stream<Arguments> badUpgrades() {
    return Stream.of(
        Arguments.of(
            "POST upgrade", "POST", "/ws", UPGRADE + VERSION + key(16), 405, "allow", "GET"),
        Arguments.of(
            "version 8",
            "GET",
            "/ws",
            UPGRADE + "Sec-WebSocket-Version: 8\r\n" + key(16),
            426,
            "sec-websocket-version",
            "13"),
        Arguments.of(
            "no version", "GET", "/ws", UPGRADE + key(16), 426, "sec-websocket-version", "13"),
        Arguments.of("no key", "GET", "/ws", UPGRADE + VERSION, 400, null, null),
        Arguments.of(
            "key not base64",
            "GET",
            "/ws",
            UPGRADE + VERSION + "Sec-WebSocket-Key: %%%\r\n",
            400,
            null,
            null),
        Arguments.of("key of 15 bytes", "GET", "/ws", UPGRADE + VERSION + key(15), 400, null, null),
        Arguments.of("key of 17 bytes", "GET", "/ws", UPGRADE + VERSION + key(17), 400, null, null),
        Arguments.of("plain GET", "GET", "/ws", "", 426, "upgrade", "websocket"),
        Arguments.of("wrong path", "GET", "/wss", UPGRADE + VERSION + key(16), 404, null, null));
  }

  @ParameterizedTest(name = "{0} -> {4}")
  @MethodSource("badUpgrades")
  void shouldAnswerABadUpgradeWithAClearHttpError(
      String name,
      String method,
      String path,
      String headers,
      int status,
      String header,
      String headerValue)
      throws IOException {
    Response response = exchange(method, path, headers);

    assertThat(response.status()).isEqualTo(status);
    if (header != null) {
      assertThat(response.headers()).containsEntry(header, headerValue);
    }
    assertThat(registry.size()).isZero();
  }

  @Test
  void shouldSwitchProtocolsForAKeyOfExactly16Bytes() throws IOException {
    Response response = exchange("GET", "/ws", UPGRADE + VERSION + key(16));

    assertThat(response.status()).isEqualTo(101);
    await().until(() -> registry.size() == 0);
  }

  @Test
  void shouldKeepServingAfterBadUpgrades() throws IOException {
    exchange("POST", "/ws", UPGRADE + VERSION + key(16));
    exchange("GET", "/ws", UPGRADE + VERSION);

    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      assertThat(client.isClosed()).isFalse();
    }
  }

  private static String key(int bytes) {
    return "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(new byte[bytes]) + "\r\n";
  }

  /**
   * Sends one request (with an admin token, so that only the handshake's validity decides) and
   * reads the status line and headers, failing if nothing comes back.
   */
  private Response exchange(String method, String path, String headers) throws IOException {
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      socket.setSoTimeout(SOCKET_TIMEOUT_MILLIS);
      String request =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
              + "Authorization: Bearer "
              + TestTokens.admin()
              + "\r\n"
              + headers
              + "\r\n";
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      String statusLine = in.readLine();
      assertThat(statusLine).as("status line").isNotNull();
      Map<String, String> responseHeaders = new LinkedHashMap<>();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        int colon = line.indexOf(':');
        responseHeaders.put(
            line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      return new Response(Integer.parseInt(statusLine.split(" ")[1]), responseHeaders);
    }
  }

  private record Response(int status, Map<String, String> headers) {}
}
