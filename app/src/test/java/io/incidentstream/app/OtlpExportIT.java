package io.incidentstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The built jar with {@code OTEL_EXPORTER_OTLP_ENDPOINT} set exports its spans over OTLP, as the
 * README says: a local receiver standing in for a collector gets {@code POST /v1/traces} with the
 * {@code ingest} and {@code fan-out} spans of one published event, in the producer's trace. Proves
 * the packaging (the exporter's service files survive shading) and application.yml's exporter
 * choice, which the streaming tests, exporting in memory, cannot.
 */
class OtlpExportIT {

  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String TRACEPARENT = "00-" + TRACE_ID + "-00f067aa0ba902b7-01";

  @Test
  void shouldExportTheIngestAndFanOutSpansOfAPublishedEventToTheOtlpEndpoint() throws Exception {
    List<byte[]> exports = new CopyOnWriteArrayList<>();
    HttpServer collector = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    collector.createContext(
        "/v1/traces",
        exchange -> {
          if ("application/x-protobuf"
              .equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            exchange.getRequestBody().transferTo(body);
            exports.add(body.toByteArray());
          }
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    collector.start();
    String endpoint = "http://127.0.0.1:" + collector.getAddress().getPort();
    try (JarProcess server =
        JarProcess.start(
            Map.of(
                "OTEL_EXPORTER_OTLP_ENDPOINT", endpoint,
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_BSP_SCHEDULE_DELAY", "100"))) {
      // The printed console URL carries the instance's port and its admin token.
      String printed = server.awaitLine(line -> line.contains("console:"));
      URI console = URI.create(printed.substring(printed.indexOf("http")).trim());
      String admin = console.getFragment().substring("token=".length());

      HttpResponse<String> response = publish(console.getPort(), admin);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> contains(exports, "fan-out") && contains(exports, "ingest"));
      assertThat(contains(exports, HexFormat.of().parseHex(TRACE_ID))).isTrue();
      assertThat(server.lines()).anyMatch(line -> line.contains("Tracing on"));
    } finally {
      collector.stop(0);
    }
  }

  private static HttpResponse<String> publish(int port, String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .header("traceparent", TRACEPARENT)
                .POST(
                    HttpRequest.BodyPublishers.ofString(
                        "{\"event_type\":\"system_event\",\"category\":\"deploy\","
                            + "\"message\":\"traced\",\"metadata\":{}}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private static boolean contains(List<byte[]> exports, String text) {
    return contains(exports, text.getBytes(StandardCharsets.UTF_8));
  }

  private static boolean contains(List<byte[]> exports, byte[] needle) {
    return exports.stream().anyMatch(body -> indexOf(body, needle) >= 0);
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
