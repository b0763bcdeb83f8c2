package io.incidentstream.streaming.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.Meters;
import io.incidentstream.streaming.support.PrometheusScrape;
import io.incidentstream.streaming.support.RawWsClient;
import io.incidentstream.streaming.support.TestEvents;
import io.incidentstream.streaming.support.WsTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A scripted session on the production beans, then {@code /prometheus} read the way a dashboard
 * reads it: two clients (one fast, one that stops reading), three subscriptions, ten Critical
 * events of 800 KB, one ingest request each, the next once the fast client has the last; the
 * stalled client is closed as a slow consumer (4008) once the first events fill its socket and its
 * queue. Every named series must be there with the value the script implies.
 */
@MicronautTest
@Property(name = "stream.max-pending-messages", value = "4")
@Property(name = "stream.max-pending-bytes", value = "64KB")
class ScriptedSessionMetricsIT {

  static final int EVENTS = 10;
  private static final int PAYLOAD = 800 * 1024;

  @Inject EmbeddedServer server;
  @Inject MeterRegistry meters;

  /** A scrape before anyone connected, one at the end, and what the stalled client got. */
  record Scrapes(PrometheusScrape before, PrometheusScrape after, int slowClientEvents) {}

  @Test
  void shouldExportEveryNamedSeriesWithTheValuesOfTheScript() {
    Scrapes scrapes = runScript(server, meters);
    PrometheusScrape s = scrapes.after();
    int k = scrapes.slowClientEvents();

    assertThat(k).as("events the stalled client got before 4008").isBetween(0, EVENTS - 1);
    assertThat(s.value("websocket_total_connections")).isEqualTo(2);
    assertThat(s.value("websocket_active_connections")).isEqualTo(1);
    assertThat(s.value("websocket_active_subscriptions")).isEqualTo(2);
    assertThat(s.value("websocket_events_broadcast_total")).isEqualTo(EVENTS);
    assertThat(s.value("websocket_events_delivered_total")).isEqualTo(EVENTS + k);
    // Fast: welcome, 2 subscribed, 10 events. Stalled: welcome, subscribed, k events, closing.
    assertThat(s.value("websocket_messages_sent_total")).isEqualTo(13 + 3 + k);
    assertThat(s.value("websocket_messages_received_total")).isEqualTo(3);
    assertThat(s.value("websocket_events_dropped_total", "reason", "slow_consumer_closed"))
        .isPositive();
    // The rest of the stalled client's events: discarded while it closed, or never matched once it
    // left the index.
    assertThat(
            s.value("websocket_events_dropped_total", "reason", "slow_consumer_closed")
                + s.value("websocket_events_dropped_total", "reason", "session_closed"))
        .isLessThanOrEqualTo(EVENTS - k);
    for (String reason : List.of("queue_full_low", "queue_full_normal", "queue_full_high")) {
      assertThat(s.value("websocket_events_dropped_total", "reason", reason)).isZero();
    }
    assertThat(s.series("websocket_events_dropped_total")).hasSize(5);
    assertThat(s.value("websocket_connection_errors_total")).isZero();
    assertThat(s.value("websocket_send_errors_total")).isZero();
    assertThat(s.value("websocket_internal_errors_total")).isZero();
    assertThat(s.value("websocket_session_duration_seconds_count")).isEqualTo(1);
    assertThat(s.value("websocket_message_latency_seconds_count")).isEqualTo(EVENTS + k);
    assertThat(s.value("websocket_message_latency_seconds_bucket", "le", "+Inf"))
        .isEqualTo(EVENTS + k);
    assertThat(s.value("websocket_message_latency_seconds_bucket", "le", "10.0"))
        .isEqualTo(EVENTS + k);
    assertThat(s.series("websocket_message_latency_seconds_bucket"))
        .extracting(sample -> sample.labels().get("le"))
        .contains("0.001", "0.005", "0.01", "0.02", "0.05", "0.1", "+Inf");
    assertThat(s.value("websocket_queue_saturation_ratio")).isZero();
    assertThat(s.value("websocket_queue_saturation_sessions", "le", "0.1")).isEqualTo(1);
    assertThat(s.value("websocket_queue_saturation_sessions", "le", "+Inf")).isEqualTo(1);

    assertThat(s.value("stream_ingest_requests_total", "path", "http", "outcome", "accepted"))
        .isEqualTo(EVENTS);
    assertThat(s.value("stream_ingest_requests_total", "path", "http", "outcome", "invalid_event"))
        .isZero();
    assertThat(s.value("stream_ingest_events_total", "path", "http")).isEqualTo(EVENTS);
    assertThat(s.value("stream_bus_events_published_total")).isEqualTo(EVENTS);
    assertThat(s.value("stream_bus_publish_latency_seconds_count")).isEqualTo(EVENTS);
    assertThat(s.value("stream_history_size")).isEqualTo(EVENTS);
    assertThat(s.value("stream_history_oldest_age_seconds")).isGreaterThanOrEqualTo(0);
    assertThat(s.value("stream_history_replays_total")).isZero();
    assertThat(s.value("stream_history_replay_events_total")).isZero();
  }

  /**
   * Runs the script on a fresh server and returns a scrape taken before any client connects and one
   * taken at the end.
   */
  static Scrapes runScript(EmbeddedServer server, MeterRegistry meters) {
    Http http = new Http(server.getURI());
    PrometheusScrape before = scrape(http);
    try (WsTestClient fast = WsTestClient.connectAndAwaitWelcome(server.getURI());
        RawWsClient stalled = RawWsClient.connect(server.getURI())) {
      fast.subscribe("all", "{}");
      fast.subscribe("p0", "{\"severities\":[\"P0\"]}");
      stalled.sendText(
          "{\"type\":\"subscribe\",\"subscription_id\":\"everything\",\"filters\":{}}");
      await().until(() -> gauge(meters, MetricNames.ACTIVE_SUBSCRIPTIONS) == 3);

      CompletableFuture<RawWsClient.Received> stalledEnd = null;
      for (int i = 1; i <= EVENTS; i++) {
        assertThat(http.post("/api/v1/events", "application/json", bigCriticalEvent()).statusCode())
            .isEqualTo(202);
        fast.awaitEvents(i);
        if (stalledEnd == null
            && Meters.dropped(meters, MetricNames.DROP_SLOW_CONSUMER_CLOSED) > 0) {
          // Closed as a slow consumer: read what it was sent, within the close handshake's time.
          stalledEnd = CompletableFuture.supplyAsync(stalled::readUntilClose);
        }
      }
      assertThat(stalledEnd).as("the stalled client was closed as a slow consumer").isNotNull();
      RawWsClient.Received received = stalledEnd.join();
      assertThat(received.closeCode()).isEqualTo(4008);
      int k = (int) received.texts().stream().filter(t -> t.contains("\"type\":\"event\"")).count();
      fast.awaitEvents(EVENTS);
      await().until(() -> gauge(meters, MetricNames.ACTIVE_CONNECTIONS) == 1);
      return new Scrapes(before, scrape(http), k);
    }
  }

  private static double gauge(MeterRegistry meters, String name) {
    return meters.get(name).gauge().value();
  }

  private static PrometheusScrape scrape(Http http) {
    var response = http.get("/prometheus");
    assertThat(response.statusCode()).isEqualTo(200);
    return PrometheusScrape.parse(response.body());
  }

  private static String bigCriticalEvent() {
    return TestEvents.incidentCreatedJson("P0").replace("Error rate alert", "x".repeat(PAYLOAD));
  }
}
