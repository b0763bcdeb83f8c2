package io.incidentstream.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.IncidentType;
import io.incidentstream.domain.model.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Encoded frames: two-part event frames, escaping, timestamps and absent values. */
class EncodingTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final UUID ID = UUID.fromString("7f3c2a9e-4b1d-4e8a-9c6f-2d5b8e1a3f70");
  private static final Instant AT = Instant.parse("2026-11-25T17:00:00.123456789Z");

  private final ProtocolCodec codec = new ProtocolCodec();

  static Stream<List<String>> subscriptionIdLists() {
    return Stream.of(
        List.of(),
        List.of("a"),
        List.of("sev-high", "all"),
        List.of("say \"hi\"", "back\\slash", "tab\there", "nl\n", "\u0001"),
        List.of("é", "日本語", "emoji 😀", "\u007f"));
  }

  @ParameterizedTest
  @MethodSource("subscriptionIdLists")
  void shouldEncodeEventAsPrefixPlusSuffixByteForByte(List<String> ids) {
    EventEnvelope envelope = envelope(incidentCreated());

    byte[] full = codec.encode(new ServerMessage.Event(envelope, ids));

    byte[] prefix = codec.encodeEventFramePrefix(envelope);
    byte[] suffix = codec.encodeEventFrameSuffix(ids);
    assertThat(full).isEqualTo(concat(prefix, suffix));
  }

  @ParameterizedTest
  @MethodSource("subscriptionIdLists")
  void shouldEscapeSubscriptionIdsSoTheFrameParsesBackToThem(List<String> ids) throws IOException {
    byte[] frame = codec.encode(new ServerMessage.Event(envelope(incidentCreated()), ids));

    JsonNode tree = MAPPER.readTree(frame);
    List<String> parsed = new ArrayList<>();
    tree.get("subscription_ids").forEach(node -> parsed.add(node.asText()));
    assertThat(parsed).isEqualTo(ids);
  }

  @Test
  void shouldEncodeSuffixOfPlainIdsExactly() {
    byte[] suffix = codec.encodeEventFrameSuffix(List.of("a", "b-2"));

    assertThat(new String(suffix, StandardCharsets.UTF_8)).isEqualTo("[\"a\",\"b-2\"]}");
  }

  @Test
  void shouldEscapeQuotesAndControlsInSuffixLikeJackson() {
    byte[] suffix = codec.encodeEventFrameSuffix(List.of("q\"b\\n\n"));

    assertThat(new String(suffix, StandardCharsets.UTF_8)).isEqualTo("[\"q\\\"b\\\\n\\n\"]}");
  }

  @Test
  void shouldWriteEventFrameFieldsInWireOrder() throws IOException {
    EventEnvelope envelope = envelope(incidentCreated());

    JsonNode frame = MAPPER.readTree(codec.encode(new ServerMessage.Event(envelope, List.of("s"))));

    assertThat(fieldNames(frame))
        .containsExactly(
            "type", "message_id", "seq", "event", "timestamp", "priority", "subscription_ids");
    assertThat(frame.get("type").asText()).isEqualTo("event");
    assertThat(frame.get("seq").asLong()).isEqualTo(42);
    assertThat(frame.get("priority").asText()).isEqualTo("Critical");
    assertThat(frame.get("event").get("event_type").asText()).isEqualTo("incident_created");
  }

  @Test
  void shouldStartPrefixWithTypeAndEndWithSubscriptionIdsField() {
    String prefix =
        new String(
            codec.encodeEventFramePrefix(envelope(incidentCreated())), StandardCharsets.UTF_8);

    assertThat(prefix)
        .startsWith("{\"type\":\"event\",\"message_id\":\"")
        .endsWith(",\"subscription_ids\":");
  }

  @Test
  void shouldWriteTimestampsInUtcWithZ() throws IOException {
    JsonNode welcome =
        MAPPER.readTree(codec.encode(new ServerMessage.Welcome("s", AT, "i", 30_000, "e:0")));
    JsonNode frame =
        MAPPER.readTree(
            codec.encode(new ServerMessage.Event(envelope(incidentCreated()), List.of())));

    assertThat(welcome.get("server_time").asText()).isEqualTo("2026-11-25T17:00:00.123456789Z");
    assertThat(frame.get("timestamp").asText()).endsWith("Z");
    assertThat(frame.get("event").get("incident").get("created_at").asText()).endsWith("Z");
  }

  @Test
  void shouldWriteAbsentOptionalValuesAsNull() throws IOException {
    JsonNode incident = MAPPER.readTree(codec.encodeEvent(incidentCreated())).get("incident");
    JsonNode alert = MAPPER.readTree(codec.encodeEvent(new AlertReceived(alert()))).get("alert");

    assertThat(incident.get("resolution").isNull()).isTrue();
    assertThat(incident.get("active_playbook").isNull()).isTrue();
    assertThat(incident.get("correlation_score").isNull()).isTrue();
    assertThat(alert.get("incident_id").isNull()).isTrue();
    assertThat(alert.get("runbook_url").isNull()).isTrue();
  }

  @Test
  void shouldOmitRecoveredUnlessSubscribeCarriedSince() throws IOException {
    JsonNode without =
        MAPPER.readTree(
            codec.encode(new ServerMessage.Subscribed("a", SubscriptionFilters.NONE, null, "e:0")));
    JsonNode with =
        MAPPER.readTree(
            codec.encode(
                new ServerMessage.Subscribed("a", SubscriptionFilters.NONE, false, "e:0")));

    assertThat(without.has("recovered")).isFalse();
    assertThat(with.get("recovered").isBoolean()).isTrue();
    assertThat(with.get("recovered").asBoolean()).isFalse();
  }

  @Test
  void shouldCarryTheEpochInWelcomeAndSubscribed() throws IOException {
    JsonNode welcome =
        MAPPER.readTree(codec.encode(new ServerMessage.Welcome("s", AT, "i", 1, "ab12:40")));
    JsonNode subscribed =
        MAPPER.readTree(
            codec.encode(new ServerMessage.Subscribed("a", SubscriptionFilters.NONE, null, "x:0")));

    assertThat(welcome.get("epoch").asText()).isEqualTo("ab12:40");
    assertThat(subscribed.get("epoch").asText()).isEqualTo("x:0");
  }

  @Test
  void shouldLeaveAnAbsentEpochOutOfClientSubscribe() throws IOException {
    JsonNode without =
        MAPPER.readTree(
            codec.encode(new ClientMessage.Subscribe("a", SubscriptionFilters.NONE, 5L)));
    JsonNode with =
        MAPPER.readTree(
            codec.encode(new ClientMessage.Subscribe("a", SubscriptionFilters.NONE, 5L, "e:1")));

    assertThat(without.has("epoch")).isFalse();
    assertThat(with.get("epoch").asText()).isEqualTo("e:1");
  }

  @Test
  void shouldWriteAbsentSinceAsNullInClientSubscribe() throws IOException {
    JsonNode subscribe =
        MAPPER.readTree(
            codec.encode(new ClientMessage.Subscribe("a", SubscriptionFilters.NONE, null)));

    assertThat(subscribe.get("since").isNull()).isTrue();
    assertThat(subscribe.get("type").asText()).isEqualTo("subscribe");
  }

  @Test
  void shouldWriteAllSevenFilterKeysEvenWhenEmpty() throws IOException {
    JsonNode filters =
        MAPPER
            .readTree(
                codec.encode(
                    new ServerMessage.Subscribed("a", SubscriptionFilters.NONE, null, "e:0")))
            .get("filters");

    assertThat(fieldNames(filters))
        .containsExactly(
            "event_types",
            "severities",
            "states",
            "sources",
            "affected_resources",
            "labels",
            "incident_ids");
    assertThat(filters.get("labels").isObject()).isTrue();
    assertThat(filters.get("severities").isArray()).isTrue();
  }

  @Test
  void shouldWriteErrorCodeAsConstantName() throws IOException {
    JsonNode error =
        MAPPER.readTree(codec.encode(ServerMessage.Error.invalidMessage("type: missing")));

    assertThat(error.get("code").asText()).isEqualTo("INVALID_MESSAGE");
    assertThat(error.get("message").asText()).isEqualTo("Failed to process message: type: missing");
  }

  @Test
  void shouldEncodeIdenticallyFromManyThreads() {
    EventEnvelope envelope = envelope(incidentCreated());
    byte[] expected = codec.encodeEventFramePrefix(envelope);

    List<byte[]> results =
        IntStream.range(0, 200)
            .parallel()
            .mapToObj(i -> codec.encodeEventFramePrefix(envelope))
            .toList();

    assertThat(results).allSatisfy(bytes -> assertThat(bytes).isEqualTo(expected));
  }

  @Test
  void shouldEncodeLargeFramesBeyondTheRetainedBuffer() throws IOException {
    Map<String, Object> metadata = Map.of("blob", "x".repeat(200_000));
    IncidentEvent event = new io.incidentstream.domain.event.SystemEvent("c", "m", metadata);

    byte[] big = codec.encodeEvent(event);
    byte[] small = codec.encodeEvent(incidentCreated());

    assertThat(MAPPER.readTree(big).get("metadata").get("blob").asText()).hasSize(200_000);
    assertThat(MAPPER.readTree(small).get("event_type").asText()).isEqualTo("incident_created");
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    Iterator<String> it = node.fieldNames();
    it.forEachRemaining(names::add);
    return names;
  }

  private static EventEnvelope envelope(IncidentEvent event) {
    return EventEnvelope.wrap(ID, 42, AT, EventEnvelope.DEFAULT_TENANT, event);
  }

  private static IncidentCreated incidentCreated() {
    return new IncidentCreated(
        Incident.builder(ID, Severity.P0, IncidentState.DETECTED, AT)
            .incidentType(IncidentType.SECURITY)
            .source("falco")
            .title("Shell in container")
            .affectedResources(List.of("api"))
            .labels(Map.of("env", "prod"))
            .build());
  }

  private static Alert alert() {
    return new Alert(
        ID,
        "x",
        "s",
        AT,
        AT,
        Severity.P2,
        "t",
        "t",
        "d",
        Map.of(),
        List.of(),
        null,
        Map.of(),
        null,
        false,
        null);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
