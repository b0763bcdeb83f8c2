package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * permessage-deflate is refused by default (DESIGN section 10) and negotiated only with {@code
 * stream.compression: true}. A raw handshake, because the JDK client never offers extensions.
 */
class CompressionIT {

  @Test
  void shouldNotNegotiatePermessageDeflateByDefault() throws IOException {
    try (EmbeddedServer server =
        ApplicationContext.run(EmbeddedServer.class, Map.of(), "test", WsTestEnv.NAME)) {
      String response = handshake(server);

      assertThat(response).startsWith("HTTP/1.1 101");
      assertThat(response.toLowerCase()).doesNotContain("permessage-deflate");
    }
  }

  @Test
  void shouldNegotiatePermessageDeflateWhenEnabled() throws IOException {
    try (EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class, Map.of("stream.compression", "true"), "test", WsTestEnv.NAME)) {
      String response = handshake(server);

      assertThat(response).startsWith("HTTP/1.1 101");
      assertThat(response.toLowerCase()).contains("sec-websocket-extensions: permessage-deflate");
    }
  }

  /**
   * Returns the 101 response headers once the server has opened the session, and only after the
   * server has let go of the connection: a session still opening or closing while the test stops
   * the server would run into a stopped context.
   */
  private static String handshake(EmbeddedServer server) throws IOException {
    ConnectionRegistry registry = server.getApplicationContext().getBean(ConnectionRegistry.class);
    String headers = rawHandshake(server, registry);
    await().until(() -> registry.size() == 0);
    return headers;
  }

  private static String rawHandshake(EmbeddedServer server, ConnectionRegistry registry)
      throws IOException {
    try (Socket socket = new Socket(server.getHost(), server.getPort())) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("GET /ws HTTP/1.1\r\n"
                  + "Host: localhost\r\n"
                  + "Upgrade: websocket\r\n"
                  + "Connection: Upgrade\r\n"
                  + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                  + "Sec-WebSocket-Version: 13\r\n"
                  + "Authorization: Bearer "
                  + TestTokens.viewer()
                  + "\r\n"
                  + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n"
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      BufferedReader in =
          new BufferedReader(
              new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
      StringBuilder headers = new StringBuilder();
      for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
        headers.append(line).append('\n');
      }
      await().until(() -> registry.size() == 1);
      return headers.toString();
    }
  }
}
