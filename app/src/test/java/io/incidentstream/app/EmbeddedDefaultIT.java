package io.incidentstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The README's quick start, on the built jar: with no secret the server prints an admin token, a
 * viewer token and the console URL, and they work; two starts make two secrets; the {@code token}
 * command mints tokens a server with the same {@code JWT_SECRET} accepts, and refuses without it.
 */
class EmbeddedDefaultIT {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  @Test
  void shouldPrintWorkingTokensAndMakeADifferentSecretAtEachStart() throws Exception {
    try (JarProcess first = JarProcess.start(Map.of());
        JarProcess second = JarProcess.start(Map.of())) {
      Printed a = Printed.from(first);
      Printed b = Printed.from(second);

      assertThat(a.console).endsWith("/console#token=" + a.admin);
      assertThat(welcome(a.port, a.viewer)).contains("\"type\":\"welcome\"");
      assertThat(get(a.port, "/api/v1/cluster/members", a.admin).statusCode()).isEqualTo(200);

      assertThat(a.viewer).isNotEqualTo(b.viewer);
      assertThat(get(b.port, "/api/v1/cluster/members", a.admin).statusCode()).isEqualTo(401);
      assertThatThrownBy(() -> welcome(b.port, a.viewer))
          .hasCauseInstanceOf(ExecutionException.class)
          .hasStackTraceContaining(WebSocketHandshakeException.class.getName())
          .hasStackTraceContaining("status code 401");
    }
  }

  @Test
  void shouldMintWithTheTokenCommandATokenThatAServerWithTheSameSecretAccepts() throws Exception {
    String secret = "readme-example-secret-of-at-least-32-bytes-" + System.nanoTime();
    String token;
    try (JarProcess command =
        JarProcess.start(
            Map.of("JWT_SECRET", secret),
            "token",
            "--role",
            "viewer",
            "--tenants",
            "acme,beta",
            "--subject",
            "alice",
            "--ttl",
            "8h")) {
      assertThat(command.awaitExit()).isZero();
      token = command.lines().get(command.lines().size() - 1);
    }
    try (JarProcess refused =
        JarProcess.start(
            Map.of(), "token", "--role", "viewer", "--tenants", "*", "--subject", "a")) {
      assertThat(refused.awaitExit()).isEqualTo(2);
      assertThat(refused.lines()).anyMatch(line -> line.contains("JWT_SECRET is not set"));
    }
    try (JarProcess server = JarProcess.start(Map.of("JWT_SECRET", secret))) {
      int port = port(server.awaitLine(line -> line.contains("Startup completed")));
      assertThat(welcome(port, token)).contains("\"type\":\"welcome\"");
      assertThat(server.lines()).noneMatch(line -> line.contains("admin token:"));
    }
  }

  private record Printed(String admin, String viewer, String console, int port) {
    static Printed from(JarProcess process) {
      String console = value(process.awaitLine(line -> line.contains("console:")));
      String admin = value(process.awaitLine(line -> line.contains("admin token:")));
      String viewer =
          value(process.awaitLine(line -> line.contains("viewer token:"))).split(" ")[0];
      return new Printed(admin, viewer, console, URI.create(console).getPort());
    }

    private static String value(String line) {
      return line.substring(line.indexOf(':') + 1).trim();
    }
  }

  private static int port(String startupLine) {
    return URI.create(startupLine.substring(startupLine.indexOf("http://")).trim()).getPort();
  }

  private static HttpResponse<String> get(int port, String path, String token) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .header("Authorization", "Bearer " + token)
            .timeout(TIMEOUT)
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Opens /ws with the token in the subprotocol, as the browser page does; the first frame. */
  private static String welcome(int port, String token) {
    CompletableFuture<String> first = new CompletableFuture<>();
    WebSocket socket;
    try {
      socket =
          HTTP.newWebSocketBuilder()
              .subprotocols("incident-stream.v1", "bearer." + token)
              .buildAsync(
                  URI.create("ws://localhost:" + port + "/ws"),
                  new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(
                        WebSocket ws, CharSequence data, boolean last) {
                      first.complete(data.toString());
                      return null;
                    }
                  })
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new CompletionException(e);
    }
    try {
      return first.orTimeout(TIMEOUT.toSeconds(), TimeUnit.SECONDS).join();
    } finally {
      socket.abort();
    }
  }
}
