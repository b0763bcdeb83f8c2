package io.incidentstream.streaming.cluster;

import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.cluster.ClusterInstance;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Not a test but a probe, off unless {@code -Dcluster.latency=true}: the time from posting an event
 * to instance A's ingest to its arrival at a WebSocket client on instance B (and, for comparison,
 * at a client on A itself), over {@value #MEASURED} events sent one at a time after {@value
 * #WARMUP} warm-up events. Prints p50/p99/max and the machine's load average.
 *
 * <pre>
 * ./mvnw -o -pl domain,streaming verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dit.test=CrossInstanceLatencyIT -Dfailsafe.failIfNoSpecifiedTests=false -Dcluster.latency=true
 * </pre>
 */
@EnabledIfSystemProperty(named = "cluster.latency", matches = "true")
class CrossInstanceLatencyIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final int WARMUP = 2_000;
  private static final int MEASURED = 5_000;
  private static final String MARK = "lat-";

  @Test
  void printCrossInstanceLatency() throws Exception {
    REDIS.flushAll();
    try (ClusterFixture cluster = ClusterFixture.builder(REDIS.uri()).instances(2).start()) {
      ClusterInstance a = cluster.get(0);
      ClusterInstance b = cluster.get(1);
      LatencyClient onB = LatencyClient.connect(b.wsUri());
      LatencyClient onA = LatencyClient.connect(a.wsUri());
      Histogram ingest = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);

      run(a, WARMUP, new Histogram(3));
      await().until(() -> onB.received() == WARMUP && onA.received() == WARMUP);
      onB.reset();
      onA.reset();
      String load = Files.readString(Path.of("/proc/loadavg")).trim();
      run(a, MEASURED, ingest);
      await().atMost(Duration.ofMinutes(1)).until(() -> onB.received() == MEASURED);
      await().atMost(Duration.ofMinutes(1)).until(() -> onA.received() == MEASURED);

      System.out.printf(
          "%nCross-instance latency, %d events one at a time, load average before: %s, after: %s%n",
          MEASURED, load, Files.readString(Path.of("/proc/loadavg")).trim());
      print("ingest on A -> ws client on B", onB.histogram());
      print("ingest on A -> ws client on A", onA.histogram());
      print("POST on A -> 202 answer", ingest);
      onA.close();
      onB.close();
    }
  }

  /**
   * Posts {@code count} events to {@code target} one after the other, each stamped with nanoTime.
   */
  private static void run(ClusterInstance target, int count, Histogram answered) {
    for (int i = 0; i < count; i++) {
      long sent = System.nanoTime();
      HttpResponse<String> response = target.ingest(systemJson(MARK + sent));
      answered.recordValue(System.nanoTime() - sent);
      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }
  }

  private static void print(String what, Histogram h) {
    System.out.printf(
        "  %-32s p50 %7.3f ms  p90 %7.3f ms  p99 %7.3f ms  p99.9 %7.3f ms  max %7.3f ms  (n=%d)%n",
        what,
        h.getValueAtPercentile(50) / 1e6,
        h.getValueAtPercentile(90) / 1e6,
        h.getValueAtPercentile(99) / 1e6,
        h.getValueAtPercentile(99.9) / 1e6,
        h.getMaxValue() / 1e6,
        h.getTotalCount());
  }

  /**
   * A lean WebSocket client that records, on its one reader thread, now minus the send stamp of
   * every event it receives. Subscribes to everything.
   */
  private static final class LatencyClient implements WebSocket.Listener {

    private final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    private final AtomicInteger received = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean subscribed;
    private WebSocket socket;

    static LatencyClient connect(URI wsUri) {
      LatencyClient client = new LatencyClient();
      client.socket =
          HttpClient.newHttpClient()
              .newWebSocketBuilder()
              .header("Authorization", "Bearer " + TestTokens.viewer())
              .buildAsync(wsUri, client)
              .join();
      client
          .socket
          .sendText("{\"type\":\"subscribe\",\"subscription_id\":\"all\",\"filters\":{}}", true)
          .join();
      await().until(() -> client.subscribed);
      return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        onMessage(partial);
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    private void onMessage(CharSequence text) {
      long now = System.nanoTime();
      String frame = text.toString();
      int mark = frame.indexOf(MARK);
      if (mark < 0) {
        subscribed |= frame.contains("\"subscribed\"");
        return;
      }
      int end = frame.indexOf('"', mark);
      long sent = Long.parseLong(frame.substring(mark + MARK.length(), end));
      synchronized (histogram) {
        histogram.recordValue(now - sent);
      }
      received.incrementAndGet();
    }

    int received() {
      return received.get();
    }

    Histogram histogram() {
      synchronized (histogram) {
        return histogram.copy();
      }
    }

    void reset() {
      synchronized (histogram) {
        histogram.reset();
        received.set(0);
      }
    }

    void close() {
      try {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new UncheckedIOException(new IOException("close failed", e));
      }
    }
  }
}
