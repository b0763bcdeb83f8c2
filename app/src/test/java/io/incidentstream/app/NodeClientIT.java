package io.incidentstream.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the README's Node example, exactly as written there, with the JavaScript client as the
 * server serves it ({@code /client/incident-stream.js}) and the {@code ws} package (Node 20 has no
 * global WebSocket, so the token goes in the {@code Authorization} header). Instances share a
 * stream over a real {@code redis-server}, one of them publishing; the client is given two URLs.
 * Its instance shuts down gracefully ({@code closing}, 1001), events are published while it has no
 * server, the instance of its second URL starts, and the client moves there and resumes: the seqs
 * it printed are exactly those the history holds for its filters. Needs {@code node} and {@code
 * npm}: skipped loudly without them, except under {@code CI=true}.
 */
class NodeClientIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Pattern NODE_BLOCK =
      Pattern.compile("#### In Node.*?```js\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern EVENT_LINE =
      Pattern.compile("(\\d+) (Low|Normal|High|Critical) [a-z_]+");
  private static final Path CLIENT_SOURCE = Path.of("..", "client", "js", "incident-stream.js");
  private static final Duration WAIT = Duration.ofSeconds(30);

  /** Long enough for a reconnect attempt at the example's longest backoff, on a loaded machine. */
  private static final Duration RESUME_WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void shouldMoveToTheNextUrlAndResumeWithoutAGap() throws Exception {
    NodeRuntime.node();
    Path modules = NodeRuntime.wsModules();
    try (ClusteredStream cluster = new ClusteredStream(REDIS.uri())) {
      EmbeddedServer first = cluster.start(0);
      EmbeddedServer publisher = cluster.start(0);
      int secondPort = FreePort.next();
      prepareExample(first, modules);

      try (NodeRuntime.NodeProcess tail =
          NodeRuntime.start(
              dir,
              Map.of(
                  "STREAM_URLS",
                  wsUrl(first.getPort()) + "," + wsUrl(secondPort),
                  "STREAM_TOKEN",
                  cluster.viewerToken()),
              "tail.mjs")) {
        awaitSubscribed(first, tail);
        cluster.publish(publisher, 20);
        awaitPrinted(tail, cluster.expectedSeqs(publisher), WAIT);

        cluster.stop(first);
        await()
            .atMost(WAIT)
            .until(() -> tail.err.stream().anyMatch(line -> line.contains("closed with 1001")));
        cluster.publish(publisher, 20);
        EmbeddedServer second = cluster.start(secondPort);
        cluster.publish(publisher, 20);

        List<Long> expected = cluster.expectedSeqs(publisher);
        assertThat(expected).hasSize(45);
        assertThat(awaitPrinted(tail, expected, RESUME_WAIT))
            .as("every event of the history the filters select, once, in seq order")
            .isEqualTo(expected);
        assertThat(tail.err).noneMatch(line -> line.startsWith("[not recovered]"));
        assertThat(subscriptions(second)).as("the client is on the second url").isEqualTo(1);
      }
    }
  }

  @Test
  void shouldStopWithAClearMessageWhenTheTokenIsRefused() throws Exception {
    NodeRuntime.node();
    Path modules = NodeRuntime.wsModules();
    try (ClusteredStream cluster = new ClusteredStream(REDIS.uri())) {
      EmbeddedServer server = cluster.start(0);
      prepareExample(server, modules);

      try (NodeRuntime.NodeProcess tail =
          NodeRuntime.start(
              dir,
              Map.of("STREAM_URLS", wsUrl(server.getPort()), "STREAM_TOKEN", "not-a-jwt"),
              "tail.mjs")) {
        assertThat(tail.await(WAIT)).as("exit code; %s", tail).isEqualTo(1);
        assertThat(tail.err)
            .anyMatch(
                line ->
                    line.startsWith("[error] UNAUTHORIZED: ")
                        && line.contains("HTTP 401")
                        && line.endsWith("not reconnecting"));
      }
    }
  }

  /**
   * The README's example as {@code tail.mjs}, beside the client downloaded from the server (it must
   * be the file of {@code client/js}, served without a token) and {@code node_modules} with ws.
   */
  private void prepareExample(EmbeddedServer server, Path modules) throws IOException {
    HttpResponse<String> served = get(server, "/client/incident-stream.js");
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.headers().firstValue("Content-Type"))
        .hasValueSatisfying(type -> assertThat(type).contains("javascript"));
    assertThat(served.body()).isEqualTo(Files.readString(CLIENT_SOURCE));
    assertThat(get(server, "/client/incident-stream.d.ts").statusCode()).isEqualTo(200);
    Files.writeString(dir.resolve("incident-stream.js"), served.body());
    Files.writeString(dir.resolve("tail.mjs"), readmeExample());
    Files.createSymbolicLink(dir.resolve("node_modules"), modules);
  }

  private static void awaitSubscribed(EmbeddedServer server, NodeRuntime.NodeProcess tail) {
    try {
      await().atMost(WAIT).until(() -> subscriptions(server) == 1);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError("the Node client never subscribed: " + tail, e);
    }
  }

  private static double subscriptions(EmbeddedServer server) {
    MeterRegistry meters = server.getApplicationContext().getBean(MeterRegistry.class);
    return meters.get(MetricNames.ACTIVE_SUBSCRIPTIONS).gauge().value();
  }

  /** The seqs the client printed, once it printed the last of {@code expected}. */
  private static List<Long> awaitPrinted(
      NodeRuntime.NodeProcess tail, List<Long> expected, Duration timeout) {
    long last = expected.get(expected.size() - 1);
    try {
      return await()
          .atMost(timeout)
          .until(
              () -> printedSeqs(tail),
              seqs -> !seqs.isEmpty() && seqs.get(seqs.size() - 1) == last);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "the Node client never printed seq "
              + last
              + " within "
              + timeout
              + "; expected "
              + expected
              + ", printed "
              + printedSeqs(tail)
              + "; "
              + tail,
          e);
    }
  }

  private static List<Long> printedSeqs(NodeRuntime.NodeProcess tail) {
    List<Long> seqs = new ArrayList<>();
    for (String line : tail.out) {
      Matcher event = EVENT_LINE.matcher(line);
      assertThat(event.matches()).as("event line %s", line).isTrue();
      seqs.add(Long.parseLong(event.group(1)));
    }
    return seqs;
  }

  private static String wsUrl(int port) {
    return "ws://127.0.0.1:" + port + "/ws";
  }

  private static HttpResponse<String> get(EmbeddedServer server, String path) {
    try {
      return HttpClient.newHttpClient()
          .send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String readmeExample() throws IOException {
    Matcher block = NODE_BLOCK.matcher(Files.readString(Path.of("..", "README.md")));
    assertThat(block.find()).as("README has a js block under 'In Node'").isTrue();
    return block.group(1);
  }
}
