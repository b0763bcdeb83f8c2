package io.incidentstream.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The drift check: the Grafana dashboard and the Prometheus alert rules in ops/ name only metrics
 * the application exports. Boots the production application as an embedded instance and as a
 * clustered one over a real redis-server, runs a session on each (real WebSocket clients subscribe,
 * events go through the in-process producer and are delivered, a client leaves), so series created
 * on first use exist, then scrapes /prometheus. The union of the sample names is written to
 * target/exported-metrics.txt.
 */
class ExportedMetricsIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final Path EXPORTED = Path.of("target", "exported-metrics.txt");
  private static final Duration TIMEOUT = Duration.ofSeconds(15);

  /** The key of the test tokens the WebSocket test client connects with ({@link TestTokens}). */
  private static final String JWT_SECRET = "stream.security.jwt-secret";

  @Test
  void shouldExportEveryMetricTheDashboardAndTheAlertsQuery() throws Exception {
    Set<String> exported = new TreeSet<>();
    exported.addAll(scrapeAfterASession(Map.of(JWT_SECRET, TestTokens.SECRET)));
    exported.addAll(
        scrapeAfterASession(Map.of(JWT_SECRET, TestTokens.SECRET, "redis.uri", REDIS.uri())));
    Files.createDirectories(EXPORTED.getParent());
    Files.write(EXPORTED, exported);

    List<String> unexported = MetricDrift.unexported(MetricDrift.opsQueries(), exported);

    assertThat(unexported)
        .as(
            "metrics named in ops/ that the application does not export (the exported names are"
                + " in app/%s): rename them after the catalogue, or export them",
            EXPORTED)
        .isEmpty();
  }

  private static Set<String> scrapeAfterASession(Map<String, Object> properties) throws Exception {
    EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, properties);
    try {
      runSession(server);
      return MetricDrift.sampleNames(scrapeAfterAGc(server.getURI()));
    } finally {
      server.getApplicationContext().close();
    }
  }

  /** Two clients, three subscriptions, five events of four priorities, a ping, one leaves. */
  private static void runSession(EmbeddedServer server) throws Exception {
    EventPublisher publisher = server.getApplicationContext().getBean(EventPublisher.class);
    try (WsTestClient all = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      all.subscribe("all", "{}");
      all.awaitType("subscribed");
      all.subscribe("p0", "{\"severities\":[\"P0\"]}");
      all.awaitNthOfType("subscribed", 2);
      all.send("{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:00Z\"}");
      all.awaitType("pong");
      try (WsTestClient alerts = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
        alerts.subscribe("alerts", "{\"event_types\":[\"alert_received\"]}");
        alerts.awaitType("subscribed");

        publish(publisher, StreamFixtures.created(Severity.P0));
        publish(publisher, StreamFixtures.created(Severity.P2));
        publish(publisher, StreamFixtures.alertReceived(Severity.P1));
        publish(publisher, StreamFixtures.comment(UUID.randomUUID()));
        publish(publisher, StreamFixtures.system("exported metrics check"));

        all.awaitEvents(5);
        alerts.awaitEvents(1);
      }
      all.send("{\"type\":\"unsubscribe\",\"subscription_id\":\"p0\"}");
      all.awaitType("unsubscribed");
    }
  }

  private static void publish(EventPublisher publisher, IncidentEvent event) throws Exception {
    publisher.publish(event).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
  }

  /**
   * {@code jvm_gc_pause_seconds} exists only once the JVM has collected: a test that happened to
   * run without a GC would report it as drift. One explicit collection makes the scrape complete.
   */
  private static String scrapeAfterAGc(URI server) {
    System.gc();
    return await()
        .atMost(TIMEOUT)
        .until(() -> scrape(server), body -> body.contains("\njvm_gc_pause_seconds_count"));
  }

  private static String scrape(URI server) throws IOException, InterruptedException {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(server.resolve("/prometheus")).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as("GET /prometheus").isEqualTo(200);
    return response.body();
  }
}
