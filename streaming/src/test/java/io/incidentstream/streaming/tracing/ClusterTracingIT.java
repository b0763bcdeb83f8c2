package io.incidentstream.streaming.tracing;

import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static io.incidentstream.streaming.tracing.TracingIT.PRODUCER_SPAN;
import static io.incidentstream.streaming.tracing.TracingIT.TRACEPARENT;
import static io.incidentstream.streaming.tracing.TracingIT.TRACE_ID;
import static io.incidentstream.streaming.tracing.TracingIT.attr;
import static io.incidentstream.streaming.tracing.TracingIT.longAttr;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.cluster.ClusterInstance;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import io.incidentstream.streaming.support.tracing.InMemorySpans;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two instances over a real {@code redis-server}: the {@code traceparent} crosses the cluster in
 * the envelope, so the fan-out span on the instance that did not take the request joins the
 * producer's trace, whether the events came over HTTP or on the ingest channel.
 */
class ClusterTracingIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final AttributeKey<String> SERVICE_INSTANCE_ID =
      AttributeKey.stringKey("service.instance.id");
  private static final String INGEST_CHANNEL = ClusterFixture.KEY_PREFIX + ":ingest";

  private static ClusterFixture cluster;
  private static ClusterInstance a;
  private static ClusterInstance b;

  @BeforeAll
  static void startCluster() {
    REDIS.flushAll();
    ClusterFixture.Builder builder = ClusterFixture.builder(REDIS.uri()).instances(2);
    InMemorySpans.on().forEach(builder::property);
    cluster = builder.start();
    a = cluster.get(0);
    b = cluster.get(1);
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void forgetSpans() {
    spans(a).reset();
    spans(b).reset();
  }

  @Test
  void shouldJoinTheFanOutOnTheOtherInstanceToTheProducersTraceOverHttp() throws Exception {
    WsTestClient onB = b.subscribed("{}");

    HttpResponse<String> response = postTraced(a, systemJson("traced across"));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    onB.awaitEvents(1);
    SpanData ingest = awaitOne(a, StreamTracing.INGEST_SPAN);
    SpanData fanOutOnB = awaitOne(b, StreamTracing.FAN_OUT_SPAN);
    SpanData fanOutOnA = awaitOne(a, StreamTracing.FAN_OUT_SPAN);
    assertThat(ingest.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(ingest.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
    assertThat(List.of(fanOutOnA, fanOutOnB))
        .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(TRACE_ID))
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(ingest.getSpanId()))
        .allSatisfy(s -> assertThat(longAttr(s, "seq")).isEqualTo(longAttr(ingest, "seq")));
    assertThat(longAttr(fanOutOnB, "recipients")).isEqualTo(1);
    assertThat(longAttr(fanOutOnA, "recipients")).isZero();
    assertThat(named(b, StreamTracing.INGEST_SPAN)).isEmpty();
    assertThat(fanOutOnB.getResource().getAttribute(SERVICE_INSTANCE_ID)).isEqualTo("node-1");
    assertThat(ingest.getResource().getAttribute(SERVICE_INSTANCE_ID)).isEqualTo("node-0");
  }

  @Test
  void shouldRecordOneIngestSpanForTheIngestChannelAndJoinEveryFanOutToTheProducer() {
    String message =
        "{\"tenant\":\"default\",\"traceparent\":\""
            + TRACEPARENT
            + "\",\"events\":["
            + systemJson("one")
            + ","
            + systemJson("two")
            + "]}";

    try (RespClient redis = REDIS.client()) {
      redis.call("PUBLISH", INGEST_CHANNEL, message);
    }

    await().until(() -> named(a, StreamTracing.FAN_OUT_SPAN).size() == 2);
    await().until(() -> named(b, StreamTracing.FAN_OUT_SPAN).size() == 2);
    await().until(() -> ingestSpans().size() == 1);
    SpanData ingest = ingestSpans().get(0);
    assertThat(ingest.getTraceId()).isEqualTo(TRACE_ID);
    assertThat(ingest.getParentSpanId()).isEqualTo(PRODUCER_SPAN);
    assertThat(attr(ingest, "ingest.path")).isEqualTo("redis");
    assertThat(longAttr(ingest, "events")).isEqualTo(2);
    assertThat(
            Stream.concat(
                named(a, StreamTracing.FAN_OUT_SPAN).stream(),
                named(b, StreamTracing.FAN_OUT_SPAN).stream()))
        .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(TRACE_ID))
        .allSatisfy(s -> assertThat(s.getParentSpanId()).isEqualTo(PRODUCER_SPAN));
  }

  private static List<SpanData> ingestSpans() {
    return Stream.concat(
            named(a, StreamTracing.INGEST_SPAN).stream(),
            named(b, StreamTracing.INGEST_SPAN).stream())
        .toList();
  }

  private static HttpResponse<String> postTraced(ClusterInstance instance, String json)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(instance.ingestUri())
            .header("Content-Type", "application/json")
            .header("Authorization", "Bearer " + TestTokens.admin())
            .header("traceparent", TRACEPARENT)
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static SpanData awaitOne(ClusterInstance instance, String name) {
    await().until(() -> !named(instance, name).isEmpty());
    List<SpanData> named = named(instance, name);
    assertThat(named).as("%s spans on %s", name, instance).hasSize(1);
    return named.get(0);
  }

  private static List<SpanData> named(ClusterInstance instance, String name) {
    return InMemorySpans.named(spans(instance), name);
  }

  private static InMemorySpanExporter spans(ClusterInstance instance) {
    return instance.bean(InMemorySpanExporter.class);
  }
}
