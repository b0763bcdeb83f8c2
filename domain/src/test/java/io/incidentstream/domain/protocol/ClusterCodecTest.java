package io.incidentstream.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.SystemEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The cluster bus wire format: what the sequencing script assembles equals what Java encodes, and
 * bad input from Redis (another version, a stray producer) is a {@link Decoded.Failed}, never an
 * exception.
 */
class ClusterCodecTest {

  private static final String EPOCH = "00c0ffee00c0ffee:41800";
  private static final Instant T = Instant.parse("2026-11-25T17:04:09.512Z");
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  private static final String SYSTEM =
      "{\"event_type\":\"system_event\",\"category\":\"deploy\",\"message\":\"m\",\"metadata\":{}}";

  private final ClusterCodec codec = new ClusterCodec();

  @Test
  void shouldAssembleInTheScriptExactlyTheEnvelopeJavaEncodes() {
    EventEnvelope envelope = envelope(41828);

    String assembled =
        "{\"epoch\":\""
            + EPOCH
            + "\",\"seq\":"
            + 41828
            + utf8(codec.encodeEnvelopeTail(envelope(0)));

    assertThat(assembled).isEqualTo(utf8(codec.encodeEnvelope(new BusEnvelope(EPOCH, envelope))));
    assertThat(codec.decodeEnvelope(assembled))
        .isEqualTo(Decoded.ok(new BusEnvelope(EPOCH, envelope)));
  }

  @Test
  void shouldAssembleInTheScriptExactlyTheHeartbeatJavaEncodes() {
    String assembled =
        utf8(codec.encodeHeartbeatHead("stream-1", T, -42L))
            + ",\"seq\":"
            + 7
            + ",\"epoch\":\""
            + EPOCH
            + "\"}";

    BusHeartbeat heartbeat = new BusHeartbeat("stream-1", T, -42L, 7, EPOCH);
    assertThat(assembled).isEqualTo(utf8(codec.encodeHeartbeat(heartbeat)));
    assertThat(codec.decodeHeartbeat(assembled)).isEqualTo(Decoded.ok(heartbeat));
  }

  @Test
  void shouldDecodeAHeartbeatFromAStreamWithoutEpoch() {
    String json = utf8(codec.encodeHeartbeatHead("a", T, 1)) + ",\"seq\":0,\"epoch\":\"\"}";

    assertThat(codec.decodeHeartbeat(json))
        .isEqualTo(Decoded.ok(new BusHeartbeat("a", T, 1, 0, "")));
  }

  @Test
  void shouldNeverThrowOnAnyPrefixOfAnEnvelope() throws IOException {
    String json = Files.readString(GoldenFilesTest.golden("cluster/envelope.json"));

    for (int end = 0; end < json.strip().length(); end++) {
      assertThat(codec.decodeEnvelope(json.substring(0, end)))
          .as("prefix of %d chars", end)
          .isInstanceOf(Decoded.Failed.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"epoch", "seq", "message_id", "timestamp", "priority", "tenant", "event"})
  void shouldNameAMissingEnvelopeField(String field) {
    String json =
        utf8(codec.encodeEnvelope(new BusEnvelope(EPOCH, envelope(3))))
            .replace("\"" + field + "\":", "\"x_" + field + "\":");

    assertThat(failure(codec.decodeEnvelope(json))).isEqualTo(field + ": missing");
  }

  @Test
  void shouldRejectANegativeSeqAndANonObject() {
    String negative =
        utf8(codec.encodeEnvelope(new BusEnvelope(EPOCH, envelope(3))))
            .replace("\"seq\":3", "\"seq\":-3");

    assertThat(failure(codec.decodeEnvelope(negative)))
        .isEqualTo("seq: must not be negative, was -3");
    assertThat(failure(codec.decodeEnvelope("[1]")))
        .isEqualTo("expected a JSON object, got an array");
    assertThat(failure(codec.decodeHeartbeat("hello"))).startsWith("not valid JSON");
  }

  @Test
  void shouldReadASingleEventForTheDefaultTenant() {
    IngestBatch batch = ok(codec.decodeIngest(SYSTEM));

    assertThat(batch.tenant()).isNull();
    assertThat(batch.tenantOr(EventEnvelope.DEFAULT_TENANT))
        .isEqualTo(EventEnvelope.DEFAULT_TENANT);
    assertThat(batch.list()).isFalse();
    assertThat(batch.events())
        .singleElement()
        .satisfies(produced -> assertThat(produced.event()).isInstanceOf(SystemEvent.class));
  }

  @Test
  void shouldReadAnArrayForTheDefaultTenant() {
    IngestBatch batch = ok(codec.decodeIngest("[" + SYSTEM + "," + SYSTEM + "]"));

    assertThat(batch.tenant()).isNull();
    assertThat(batch.list()).isTrue();
    assertThat(batch.events()).hasSize(2);
  }

  @Test
  void shouldReadABatchWithItsTenant() {
    IngestBatch batch = ok(codec.decodeIngest(batch("acme", 2)));

    assertThat(batch.tenant()).isEqualTo("acme");
    assertThat(batch.list()).isTrue();
    assertThat(batch.events()).hasSize(2);
    assertThat(ok(codec.decodeIngest("{\"events\":[" + SYSTEM + "]}")).tenant()).isNull();
  }

  @Test
  void shouldAcceptABatchAtTheLimit() {
    IngestBatch batch = ok(codec.decodeIngest(batch("acme", ProtocolCodec.MAX_BATCH_SIZE)));

    assertThat(batch.events()).hasSize(ProtocolCodec.MAX_BATCH_SIZE);
  }

  @Test
  void shouldRejectABatchPastTheLimit() {
    assertThat(failure(codec.decodeIngest(batch("acme", ProtocolCodec.MAX_BATCH_SIZE + 1))))
        .isEqualTo("events: batch of 1001 events exceeds the limit of 1000 events");
  }

  @Test
  void shouldAcceptAnEventNestedAtTheLimitAndDeliverItInTheEnvelope() {
    IngestBatch batch =
        ok(codec.decodeIngest("{\"events\":[" + nested(ProtocolCodec.MAX_EVENT_DEPTH) + "]}"));
    BusEnvelope bus =
        new BusEnvelope(
            EPOCH,
            EventEnvelope.wrap(UUID.randomUUID(), 1, T, "acme", batch.events().get(0).event()));

    assertThat(codec.decodeEnvelope(codec.encodeEnvelope(bus))).isEqualTo(Decoded.ok(bus));
    assertThat(ok(codec.decodeIngest(utf8(codec.encodeIngest(batch)))).events())
        .isEqualTo(batch.events());
  }

  // Found by IngestFuzzTest: one level deeper was accepted as a single event or in an array, and
  // then no instance could decode the envelope it travels in. (In the batch form the document's
  // own limit already refuses it.)
  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void shouldRejectAnEventNestedPastTheLimit(boolean inArray) {
    String event = nested(ProtocolCodec.MAX_EVENT_DEPTH + 1);

    assertThat(failure(codec.decodeIngest(inArray ? "[" + event + "]" : event)))
        .isEqualTo(
            (inArray ? "[0]: " : "")
                + "an event nested 31 levels deep exceeds the limit of 30 levels");
  }

  @Test
  void shouldRejectAnEmptyOrMalformedBatch() {
    assertThat(failure(codec.decodeIngest("{\"events\":[]}"))).isEqualTo("events: no events");
    assertThat(failure(codec.decodeIngest("{\"events\":{}}")))
        .isEqualTo("events: expected an array, got an object");
    assertThat(failure(codec.decodeIngest("{\"tenant\":7,\"events\":[" + SYSTEM + "]}")))
        .startsWith("tenant: expected a string");
    assertThat(failure(codec.decodeIngest("{\"tenant\":\"a\""))).startsWith("not valid JSON");
  }

  @Test
  void shouldNameTheInvalidElementOfABatch() {
    String json =
        "{\"events\":["
            + SYSTEM
            + ",{\"event_type\":\"escalated\",\"incident_id\":\""
            + UUID.randomUUID()
            + "\",\"from_severity\":\"P2\",\"to_severity\":\"p0\"}]}";

    assertThat(failure(codec.decodeIngest(json)))
        .startsWith("events[1].to_severity: unknown severity \"p0\"");
  }

  @Test
  void shouldCarryATraceParentThroughTheScriptAndBack() {
    EventEnvelope traced = envelope(41828).withTraceParent(TRACEPARENT);

    String assembled =
        "{\"epoch\":\""
            + EPOCH
            + "\",\"seq\":"
            + 41828
            + utf8(codec.encodeEnvelopeTail(traced.withSeq(0)));

    assertThat(assembled).contains("\"traceparent\":\"" + TRACEPARENT + "\"");
    assertThat(codec.decodeEnvelope(assembled))
        .isEqualTo(Decoded.ok(new BusEnvelope(EPOCH, traced)));
  }

  @Test
  void shouldWriteNothingOfATraceParentAnEnvelopeHasNot() {
    EventEnvelope untraced = envelope(3);

    assertThat(utf8(codec.encodeEnvelope(new BusEnvelope(EPOCH, untraced))))
        .doesNotContain("traceparent");
    assertThat(utf8(codec.encodeEnvelopeTail(untraced))).doesNotContain("traceparent");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7\"",
        "\"00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01\"",
        "42",
        "null"
      })
  void shouldReadAMalformedTraceParentAsAbsentAndKeepTheEvent(String value) {
    String json =
        utf8(codec.encodeEnvelope(new BusEnvelope(EPOCH, envelope(3))))
            .replace("\"tenant\":", "\"traceparent\":" + value + ",\"tenant\":");

    assertThat(codec.decodeEnvelope(json))
        .isEqualTo(Decoded.ok(new BusEnvelope(EPOCH, envelope(3))));
  }

  @Test
  void shouldReadTheTraceParentOfAnIngestBatch() {
    String json = "{\"traceparent\":\"" + TRACEPARENT + "\"," + batch("acme", 1).substring(1);

    IngestBatch batch = ok(codec.decodeIngest(json));

    assertThat(batch.traceparent()).isEqualTo(TRACEPARENT);
    assertThat(ok(codec.decodeIngest(utf8(codec.encodeIngest(batch))))).isEqualTo(batch);
    assertThat(ok(codec.decodeIngest(batch("acme", 1))).traceparent()).isNull();
    assertThat(utf8(codec.encodeIngest(new IngestBatch("acme", batch.events()))))
        .doesNotContain("traceparent");
  }

  @Test
  void shouldIgnoreAMalformedTraceParentOfAnIngestBatch() {
    String json = "{\"traceparent\":\"00-zz\"," + batch("acme", 1).substring(1);

    IngestBatch batch = ok(codec.decodeIngest(json));

    assertThat(batch.traceparent()).isNull();
    assertThat(batch.events()).hasSize(1);
  }

  /** A system event whose object is {@code depth} levels of objects deep. */
  private static String nested(int depth) {
    int inner = depth - 2;
    return SYSTEM.replace(
        "\"metadata\":{}", "\"metadata\":" + "{\"a\":".repeat(inner) + "{}" + "}".repeat(inner));
  }

  private static String batch(String tenant, int size) {
    return "{\"tenant\":\""
        + tenant
        + "\",\"events\":["
        + String.join(",", Collections.nCopies(size, SYSTEM))
        + "]}";
  }

  private static EventEnvelope envelope(long seq) {
    IncidentEvent event = new SystemEvent("deploy", "checkout \"v2\" é", Map.of("n", 1L));
    return EventEnvelope.wrap(
        UUID.fromString("d4c3b2a1-9f8e-4d7c-8b6a-5f4e3d2c1b0a"), seq, T, "acme", event);
  }

  private static <T> T ok(Decoded<T> decoded) {
    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    return ((Decoded.Ok<T>) decoded).value();
  }

  private static String failure(Decoded<?> decoded) {
    assertThat(decoded).isInstanceOf(Decoded.Failed.class);
    return ((Decoded.Failed<?>) decoded).describe();
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
