package io.incidentstream.streaming.tracing;

import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.tracing.InMemorySpans;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/**
 * Without an OTLP endpoint tracing is off: the OpenTelemetry SDK is never built (so no exporter and
 * no exporter thread), no span is recorded even though the in-memory hook is there, and a
 * producer's {@code traceparent} is not carried: the envelope has none.
 */
@MicronautTest
@Property(name = InMemorySpans.PROPERTY, value = "true")
class TracingOffIT {

  @Inject ApplicationContext context;
  @Inject EmbeddedServer server;
  @Inject EventHistory history;
  @Inject StreamTracing tracing;
  @Inject InMemorySpanExporter spans;

  @Test
  void shouldTraceNothingAndCarryNothingWithoutAnEndpoint() {
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      client.subscribe("sub", "{}");
      client.awaitType("subscribed");

      HttpResponse<String> response =
          new Http(server.getURI())
              .post(
                  "/api/v1/events",
                  "application/json",
                  systemJson("untraced"),
                  "traceparent",
                  TracingIT.TRACEPARENT);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      client.awaitEvents(1);
    }
    assertThat(tracing).isSameAs(StreamTracing.OFF);
    long seq = history.lastSeq();
    assertThat(history.range(seq - 1, seq).events().get(0).traceparent()).isNull();
    assertThat(context.getActiveBeanRegistrations(OpenTelemetry.class)).isEmpty();
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(Thread.getAllStackTraces().keySet())
        .extracting(Thread::getName)
        .noneMatch(name -> name.startsWith("BatchSpanProcessor"));
  }
}
