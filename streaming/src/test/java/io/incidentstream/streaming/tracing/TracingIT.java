package io.incidentstream.streaming.tracing;

import static io.incidentstream.streaming.support.TestEvents.incidentCreatedJson;
import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.fanout.SubscriptionService;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.tracing.InMemorySpans;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanId;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tracing on (an OTLP endpoint set), on the production beans: each ingest request is one span
 * joined to the producer's {@code traceparent}, each event's fan-out one span, the child of the
 * ingest span, with {@code seq}, {@code event_type}, {@code tenant} and {@code recipients}. The
 * spans reach an in-memory exporter through the SDK's span-processor hook.
 */
@MicronautTest
@Property(name = InMemorySpans.PROPERTY, value = "true")
@Property(name = "otel.exporter.otlp.endpoint", value = "http://127.0.0.1:4318")
@Property(name = "otel.traces.exporter", value = "none")
class TracingIT {

  static final String PATH = "/api/v1/events";
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String PRODUCER_SPAN = "00f067aa0ba902b7";
  static final String TRACEPARENT = "00-" + TRACE_ID + "-" + PRODUCER_SPAN + "-01";
  static final String P1_ONLY = "{\"event_types\":[\"incident_created\"],\"severities\":[\"P1\"]}";

  @Inject EmbeddedServer server;
  @Inject InMemorySpanExporter spans;
  @Inject EventHistory history;
  @Inject StreamTracing tracing;
  @Inject SubscriptionService subscriptions;

  private Http http;
  private final List<WsTestClient> clients = new ArrayList<>();

  @BeforeEach
  void setUp() {
    http = new Http(server.getURI());
    // Sessions of the previous test close asynchronously: count recipients from a clean index.
    await().until(() -> subscriptions.activeSubscriptions() == 0);
    spans.reset();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(WsTestClient::close);
  }

  @Test
  void shouldJoinTheProducersTraceWithAnIngestSpanAndAFanOutSpanPerEvent() {
    subscribed("{}");
    subscribed("{}");
    subscribed(P1_ONLY);

    HttpResponse<String> response =
        http.post(PATH, "application/json", incidentCreatedJson("P2"), "traceparent", TRACEPARENT);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    long seq = history.lastSeq();
    SpanData fanOut = awaitOne(StreamTracing.FAN_OUT_SPAN);
    SpanData ingest = awaitOne(StreamTracing.INGEST_SPAN);
    assertThat(ingest.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(ingest.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
    assertThat(ingest.getKind()).isEqualTo(SpanKind.SERVER);
    assertThat(attr(ingest, "ingest.path")).isEqualTo("http");
    assertThat(attr(ingest, "ingest.outcome")).isEqualTo("accepted");
    assertThat(attr(ingest, "tenant")).isEqualTo("default");
    assertThat(attr(ingest, "event_type")).isEqualTo("incident_created");
    assertThat(longAttr(ingest, "seq")).isEqualTo(seq);
    assertThat(longAttr(ingest, "events")).isEqualTo(1);

    assertThat(fanOut.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(fanOut.getParentSpanId()).isEqualTo(ingest.getSpanId());
    assertThat(fanOut.getParentSpanContext().isRemote()).isTrue();
    assertThat(fanOut.getKind()).isEqualTo(SpanKind.CONSUMER);
    assertThat(longAttr(fanOut, "seq")).isEqualTo(seq);
    assertThat(attr(fanOut, "event_type")).isEqualTo("incident_created");
    assertThat(attr(fanOut, "tenant")).isEqualTo("default");
    assertThat(longAttr(fanOut, "recipients")).isEqualTo(2);
    assertThat(history.range(seq - 1, seq).events().get(0).traceparent())
        .isEqualTo("00-" + TRACE_ID + "-" + ingest.getSpanId() + "-01");
  }

  @Test
  void shouldTraceOneFanOutPerEventOfABatchUnderOneIngestSpan() {
    subscribed("{}");

    HttpResponse<String> response =
        http.post(
            PATH,
            "application/json",
            "[" + systemJson("a") + "," + systemJson("b") + "," + systemJson("c") + "]",
            "traceparent",
            TRACEPARENT);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    long last = history.lastSeq();
    await().until(() -> InMemorySpans.named(spans, StreamTracing.FAN_OUT_SPAN).size() == 3);
    SpanData ingest = awaitOne(StreamTracing.INGEST_SPAN);
    assertThat(longAttr(ingest, "events")).isEqualTo(3);
    assertThat(longAttr(ingest, "seq")).isEqualTo(last - 2);
    assertThat(longAttr(ingest, "seq.last")).isEqualTo(last);
    assertThat(InMemorySpans.named(spans, StreamTracing.FAN_OUT_SPAN))
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(ingest.getSpanId()))
        .allSatisfy(s -> assertThat(longAttr(s, "recipients")).isEqualTo(1))
        .extracting(s -> longAttr(s, "seq"))
        .containsExactly(last - 2, last - 1, last);
  }

  @Test
  void shouldStartANewTraceWithoutAUsableTraceparentAndStillAccept() {
    for (String traceparent : new String[] {null, "00-not-a-trace-01"}) {
      spans.reset();
      HttpResponse<String> response =
          traceparent == null
              ? http.post(PATH, "application/json", systemJson("new trace"))
              : http.post(PATH, "application/json", systemJson("x"), "traceparent", traceparent);

      assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
      SpanData fanOut = awaitOne(StreamTracing.FAN_OUT_SPAN);
      SpanData ingest = awaitOne(StreamTracing.INGEST_SPAN);
      assertThat(ingest.getParentSpanId()).isEqualTo(SpanId.getInvalid());
      assertThat(ingest.getTraceId()).isNotEqualTo(TRACE_ID);
      assertThat(fanOut.getTraceId()).isEqualTo(ingest.getTraceId());
      assertThat(fanOut.getParentSpanId()).isEqualTo(ingest.getSpanId());
    }
  }

  @Test
  void shouldEndARefusedRequestsSpanWithItsOutcomeAndFanOutNothing() {
    HttpResponse<String> response =
        http.post(
            PATH, "application/json", "{\"event_type\":\"nope\"}", "traceparent", TRACEPARENT);

    assertThat(response.statusCode()).isEqualTo(400);
    SpanData ingest = awaitOne(StreamTracing.INGEST_SPAN);
    assertThat(ingest.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(attr(ingest, "ingest.outcome")).isEqualTo("invalid_event");
    assertThat(ingest.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    assertThat(InMemorySpans.named(spans, StreamTracing.FAN_OUT_SPAN)).isEmpty();
  }

  @Test
  void shouldBeTheOpenTelemetryTracingWhenAnEndpointIsSet() {
    assertThat(tracing).isNotSameAs(StreamTracing.OFF);
  }

  private void subscribed(String filters) {
    WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI());
    clients.add(client);
    client.subscribe("sub", filters);
    client.awaitType("subscribed");
  }

  private SpanData awaitOne(String name) {
    await().until(() -> !InMemorySpans.named(spans, name).isEmpty());
    List<SpanData> named = InMemorySpans.named(spans, name);
    assertThat(named).hasSize(1);
    return named.get(0);
  }

  static String attr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.stringKey(key));
  }

  static Long longAttr(SpanData span, String key) {
    return span.getAttributes().get(AttributeKey.longKey(key));
  }
}
