package io.incidentstream.streaming.ingest;

import static io.incidentstream.streaming.support.TestEvents.incidentCreatedJson;
import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.TestBroadcaster;
import io.micronaut.context.annotation.Property;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@MicronautTest(environments = TestBroadcaster.ENV)
@Property(name = "micronaut.server.max-request-size", value = "1MB")
class IngestControllerIT {

  private static final String PATH = "/api/v1/events";
  private static final String JSON = "application/json";

  @Inject EmbeddedServer server;
  @Inject EventHistory history;
  @Inject TestBroadcaster broadcaster;
  @Inject JsonMapper json;

  private Http http;
  private long seqBefore;

  @BeforeEach
  void setUp() {
    http = new Http(server.getURI());
    broadcaster.reset();
    seqBefore = history.lastSeq();
  }

  private static String withMessageId(String eventJson, String messageId) {
    return eventJson.replaceFirst("^\\{", "{\"message_id\":\"" + messageId + "\",");
  }

  @Test
  void shouldAcceptOneEventWith202AndItsSeq() throws IOException {
    HttpResponse<String> response = http.post(PATH, JSON, systemJson("one"));

    assertThat(response.statusCode()).isEqualTo(202);
    Map<String, Object> body = object(response);
    assertThat(body).containsOnlyKeys("message_id", "seq");
    assertThat(((Number) body.get("seq")).longValue()).isEqualTo(seqBefore + 1);
    assertThat(broadcaster.received())
        .extracting(e -> e.messageId().toString())
        .containsExactly((String) body.get("message_id"));
    assertThat(broadcaster.received().get(0).tenant()).isEqualTo(EventEnvelope.DEFAULT_TENANT);
  }

  @Test
  void shouldAcceptABatchWithIncreasingSeqs() throws IOException {
    HttpResponse<String> response =
        http.post(PATH, JSON, array(systemJson("a"), incidentCreatedJson("P1"), systemJson("c")));

    assertThat(response.statusCode()).isEqualTo(202);
    List<Map<String, Object>> body = array(response);
    assertThat(body)
        .extracting(e -> ((Number) e.get("seq")).longValue())
        .containsExactly(seqBefore + 1, seqBefore + 2, seqBefore + 3);
    assertThat(broadcaster.received())
        .extracting(EventEnvelope::seq)
        .containsExactly(seqBefore + 1, seqBefore + 2, seqBefore + 3);
  }

  @Test
  void shouldSequenceAProducerMessageIdOnceAndAnswerTheRepeatWithTheOriginalSeq()
      throws IOException {
    String id = UUID.randomUUID().toString();
    String event = withMessageId(systemJson("once"), id);

    Map<String, Object> first = object(http.post(PATH, JSON, event));
    HttpResponse<String> repeat = http.post(PATH, JSON, event);

    assertThat(repeat.statusCode()).isEqualTo(202);
    assertThat(first).containsOnlyKeys("message_id", "seq").containsEntry("message_id", id);
    assertThat(object(repeat))
        .containsOnlyKeys("message_id", "seq", "duplicate")
        .containsEntry("message_id", id)
        .containsEntry("seq", first.get("seq"))
        .containsEntry("duplicate", true);
    assertThat(broadcaster.received())
        .extracting(e -> e.messageId().toString())
        .containsExactly(id);
    assertThat(history.lastSeq()).isEqualTo(seqBefore + 1);
  }

  @Test
  void shouldMarkOnlyTheRepeatsOfABatch() throws IOException {
    String id = UUID.randomUUID().toString();
    http.post(PATH, JSON, withMessageId(systemJson("first"), id));

    List<Map<String, Object>> body =
        array(
            http.post(
                PATH, JSON, array(systemJson("new"), withMessageId(systemJson("first"), id))));

    assertThat(body.get(0)).doesNotContainKey("duplicate");
    assertThat(((Number) body.get(0).get("seq")).longValue()).isEqualTo(seqBefore + 2);
    assertThat(((Number) body.get(1).get("seq")).longValue()).isEqualTo(seqBefore + 1);
    assertThat(body.get(1)).containsEntry("duplicate", true);
    assertThat(broadcaster.received()).hasSize(2);
  }

  @Test
  void shouldKeepTheSameMessageIdOfAnotherTenantApart() throws IOException {
    String event = withMessageId(systemJson("t"), UUID.randomUUID().toString());

    Map<String, Object> acme = object(http.post(PATH, JSON, event, "X-Tenant", "acme"));
    Map<String, Object> other = object(http.post(PATH, JSON, event, "X-Tenant", "other"));

    assertThat(acme).doesNotContainKey("duplicate");
    assertThat(other).doesNotContainKey("duplicate");
    assertThat(broadcaster.received())
        .extracting(EventEnvelope::tenant)
        .containsExactly("acme", "other");
  }

  @Test
  void shouldRejectAMessageIdThatIsNotAUuid() throws IOException {
    HttpResponse<String> response =
        http.post(PATH, JSON, withMessageId(systemJson("bad"), "order-42"));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("message_id: not a uuid \\\"order-42\\\"");
    assertThat(broadcaster.received()).isEmpty();
  }

  @Test
  void shouldPublishForTheTenantInTheHeader() {
    HttpResponse<String> response = http.post(PATH, JSON, systemJson("t"), "X-Tenant", "acme-eu.1");

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(broadcaster.received())
        .extracting(EventEnvelope::tenant)
        .containsExactly("acme-eu.1");
  }

  @Test
  void shouldRejectAnInvalidEventWith400() throws IOException {
    HttpResponse<String> response = http.post(PATH, JSON, incidentCreatedJson("p0"));

    assertThat(response.statusCode()).isEqualTo(400);
    Map<String, Object> body = object(response);
    assertThat(body.get("error")).isEqualTo("INVALID_EVENT");
    assertThat(errorPaths(body)).contains("incident.severity");
    assertNothingPublished();
  }

  @Test
  void shouldRejectTheWholeBatchNamingTheBadElement() throws IOException {
    HttpResponse<String> response =
        http.post(PATH, JSON, array(systemJson("ok"), incidentCreatedJson("p0"), systemJson("ok")));

    assertThat(response.statusCode()).isEqualTo(400);
    Map<String, Object> body = object(response);
    assertThat(body).containsOnlyKeys("error", "message", "errors");
    assertThat(body.get("error")).isEqualTo("INVALID_EVENT");
    assertThat(errorPaths(body)).contains("[1].incident.severity");
    assertNothingPublished();
  }

  @ParameterizedTest(name = "body [{0}]")
  @ValueSource(strings = {"{\"event_type\":", "", "[]"})
  void shouldRejectMalformedEmptyOrEmptyArrayBodiesWith400(String body) throws IOException {
    HttpResponse<String> response = http.post(PATH, JSON, body);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(object(response).get("error")).isEqualTo("INVALID_EVENT");
    assertNothingPublished();
  }

  @Test
  void shouldAcceptABatchOfExactlyTheMaximum() throws IOException {
    HttpResponse<String> response = http.post(PATH, JSON, systems(ProtocolCodec.MAX_BATCH_SIZE));

    assertThat(response.statusCode()).isEqualTo(202);
    assertThat(array(response)).hasSize(ProtocolCodec.MAX_BATCH_SIZE);
    assertThat(history.lastSeq()).isEqualTo(seqBefore + ProtocolCodec.MAX_BATCH_SIZE);
  }

  @Test
  void shouldRejectABatchOverTheMaximum() throws IOException {
    HttpResponse<String> response =
        http.post(PATH, JSON, systems(ProtocolCodec.MAX_BATCH_SIZE + 1));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(object(response).get("error")).isEqualTo("INVALID_EVENT");
    assertNothingPublished();
  }

  @Test
  void shouldRejectABodyOverTheMaxRequestSizeWith413() throws IOException {
    String huge = systemJson("x".repeat(2 * 1024 * 1024));

    HttpResponse<String> response = http.post(PATH, JSON, huge);

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(object(response)).containsOnlyKeys("error", "message", "errors");
    assertThat(object(response).get("error")).isEqualTo("PAYLOAD_TOO_LARGE");
    assertNothingPublished();
  }

  @Test
  void shouldRejectAChunkedBodyOverTheMaxRequestSizeWith413() throws IOException {
    HttpResponse<String> response = http.postChunked(PATH, systemJson("x".repeat(2 * 1024 * 1024)));

    assertThat(response.statusCode()).isEqualTo(413);
    assertThat(object(response).get("error")).isEqualTo("PAYLOAD_TOO_LARGE");
    assertNothingPublished();
  }

  @Test
  void shouldAcceptAChunkedBodyWithinTheLimit() {
    assertThat(http.postChunked(PATH, systemJson("chunked")).statusCode()).isEqualTo(202);
  }

  @Test
  void shouldRejectABadTenantWith400() throws IOException {
    for (String tenant : List.of("a b", "x".repeat(65), "tenant/1", "ä")) {
      HttpResponse<String> response = http.post(PATH, JSON, systemJson("t"), "X-Tenant", tenant);

      assertThat(response.statusCode()).as(tenant).isEqualTo(400);
      assertThat(object(response)).containsOnlyKeys("error", "message", "errors");
      assertThat(object(response).get("error")).isEqualTo("INVALID_TENANT");
    }
    assertNothingPublished();
  }

  @Test
  void shouldRejectANonJsonContentTypeWith415() throws IOException {
    for (String type :
        List.of("text/plain", "application/x-www-form-urlencoded", "application/xml")) {
      HttpResponse<String> response = http.post(PATH, type, systemJson("t"));

      assertThat(response.statusCode()).as(type).isEqualTo(415);
      assertThat(response.headers().firstValue("Content-Type"))
          .hasValueSatisfying(v -> assertThat(v).startsWith(JSON));
      assertThat(object(response).get("error")).isEqualTo("UNSUPPORTED_MEDIA_TYPE");
    }
    assertNothingPublished();
  }

  @Test
  void shouldAcceptJsonWithACharset() {
    HttpResponse<String> response =
        http.post(PATH, "application/json; charset=utf-8", systemJson("c"));

    assertThat(response.statusCode()).isEqualTo(202);
  }

  private void assertNothingPublished() {
    assertThat(history.lastSeq()).isEqualTo(seqBefore);
    assertThat(broadcaster.received()).isEmpty();
  }

  private static String array(String... events) {
    return "[" + String.join(",", events) + "]";
  }

  private static String systems(int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> systemJson("e" + i))
        .collect(Collectors.joining(",", "[", "]"));
  }

  private Map<String, Object> object(HttpResponse<String> response) throws IOException {
    return json.readValue(response.body(), Argument.mapOf(String.class, Object.class));
  }

  private List<Map<String, Object>> array(HttpResponse<String> response) throws IOException {
    return json.readValue(
        response.body(), Argument.listOf(Argument.mapOf(String.class, Object.class)));
  }

  @SuppressWarnings("unchecked")
  private static List<String> errorPaths(Map<String, Object> body) {
    return ((List<Map<String, Object>>) body.get("errors"))
        .stream().map(e -> (String) e.get("path")).toList();
  }
}
