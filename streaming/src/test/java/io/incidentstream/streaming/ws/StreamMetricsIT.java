package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestPublisher;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The websocket_* meters appear on /prometheus under the names the dashboards expect. */
@MicronautTest(environments = WsTestEnv.NAME)
class StreamMetricsIT {

  @Inject EmbeddedServer server;
  @Inject TestPublisher publisher;

  @Test
  void shouldExposeTheWebsocketMetersOnPrometheus() throws Exception {
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      client.subscribe("all", "{}");
      client.awaitType("subscribed");
      publisher.publish(StreamFixtures.created(Severity.P2));
      client.awaitEvents(1);

      HttpResponse<String> response =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(URI.create(server.getURI() + "/prometheus")).build(),
                  HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body())
          .contains(
              "websocket_active_connections 1.0",
              "websocket_total_connections ",
              "websocket_active_subscriptions 1.0",
              "websocket_messages_sent_total",
              "websocket_messages_received_total",
              "websocket_events_broadcast_total",
              "websocket_events_delivered_total",
              "websocket_events_dropped_total{",
              "websocket_connection_errors_total",
              "websocket_send_errors_total",
              "websocket_session_duration_seconds",
              "websocket_message_latency_seconds",
              "websocket_queue_saturation_ratio");
      assertThat(response.body()).containsPattern("(?m)^websocket_total_connections [1-9]");
      assertThat(response.body()).containsPattern("(?m)^websocket_events_delivered_total [1-9]");
    }
  }
}
