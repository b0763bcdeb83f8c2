package io.incidentstream.streaming.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One WebSocket opening handshake over a raw socket, to see exactly what the server answers
 * (status, headers, body) before any upgrade: the JDK client hides a refusal's body.
 */
final class HandshakeProbe {

  private static final int TIMEOUT_MILLIS = 10_000;

  private HandshakeProbe() {}

  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
    }
  }

  /** A valid upgrade of {@code /ws} with {@code Authorization: Bearer <token>}. */
  static Answer bearer(URI server, String token) {
    return upgrade(server, "/ws", "Authorization: Bearer " + token + "\r\n");
  }

  /** {@code GET <pathAndQuery>} as a valid upgrade, plus {@code extraHeaders} (CRLF-terminated). */
  static Answer upgrade(URI server, String pathAndQuery, String extraHeaders) {
    return send(
        server,
        "GET "
            + pathAndQuery
            + " HTTP/1.1\r\nHost: "
            + server.getAuthority()
            + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
            + extraHeaders
            + "\r\n");
  }

  /** Sends {@code request} (a whole request head, blank line included) and reads the answer. */
  static Answer send(URI server, String request) {
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      socket.setSoTimeout(TIMEOUT_MILLIS);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
      return read(socket.getInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Answer read(InputStream in) throws IOException {
    String statusLine = line(in);
    assertThat(statusLine).as("status line").startsWith("HTTP/1.1 ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line = line(in); !line.isEmpty(); line = line(in)) {
      int colon = line.indexOf(':');
      headers.put(
          line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).trim());
    }
    int status = Integer.parseInt(statusLine.split(" ")[1]);
    if (status == 101) {
      return new Answer(status, headers, "");
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    return new Answer(status, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
      if (b != '\r') {
        bytes.write(b);
      }
    }
    return bytes.toString(StandardCharsets.US_ASCII);
  }
}
