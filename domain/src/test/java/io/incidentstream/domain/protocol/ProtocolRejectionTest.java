package io.incidentstream.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Bad client frames become INVALID_MESSAGE errors that name the field and the value. */
class ProtocolRejectionTest {

  private static final String UUID_1 = "7f3c2a9e-4b1d-4e8a-9c6f-2d5b8e1a3f70";

  private final ProtocolCodec codec = new ProtocolCodec();

  @Test
  void shouldRejectUnknownType() {
    assertRejected("{\"type\":\"nope\"}", "type: unknown message type \"nope\"");
  }

  // Found by ClientMessageFuzzTest: BigDecimal's NumberFormatException escaped the parser and came
  // out as the catch-all "could not be decoded (NumberFormatException)".
  @ParameterizedTest
  @ValueSource(strings = {"7e9992999999", "-1e2147483648"})
  void shouldRejectANumberBeyondEvenBigDecimal(String number) {
    assertRejected(
        "{\"type\":\"ping\",\"x\":" + number + "}",
        "exceeds a parser limit (number \"" + number + "\" out of range)");
  }

  @Test
  void shouldRejectTypeInWrongCase() {
    assertRejected(
        "{\"type\":\"Subscribe\",\"subscription_id\":\"a\",\"filters\":{}}",
        "type: unknown message type \"Subscribe\"");
  }

  @Test
  void shouldRejectMissingType() {
    assertRejected("{\"subscription_id\":\"a\"}", "type: missing");
  }

  @Test
  void shouldRejectNonStringType() {
    assertRejected("{\"type\":7}", "type: expected a string, got number 7");
  }

  @Test
  void shouldRejectMissingSubscriptionId() {
    assertRejected("{\"type\":\"subscribe\",\"filters\":{}}", "subscription_id: missing");
    assertRejected("{\"type\":\"unsubscribe\"}", "subscription_id: missing");
  }

  @Test
  void shouldRejectEmptySubscriptionId() {
    assertRejected(
        "{\"type\":\"subscribe\",\"subscription_id\":\"\"}", "subscription_id: must not be empty");
  }

  @Test
  void shouldAcceptSubscriptionIdOfExactly128Characters() {
    String id = "s".repeat(128);

    ClientMessage message = decoded(subscribe(id, "{}"));

    assertThat(((ClientMessage.Subscribe) message).subscriptionId()).isEqualTo(id);
  }

  @Test
  void shouldRejectSubscriptionIdOf129Characters() {
    assertRejected(
        subscribe("s".repeat(129), "{}"), "subscription_id: longer than 128 characters (129)");
  }

  @Test
  void shouldRejectMissingPingTimestamp() {
    assertRejected("{\"type\":\"ping\"}", "timestamp: missing");
  }

  @Test
  void shouldRejectMalformedPingTimestamp() {
    assertRejected(
        "{\"type\":\"ping\",\"timestamp\":\"yesterday\"}",
        "timestamp: not an RFC 3339 timestamp \"yesterday\"");
  }

  @Test
  void shouldConvertPingTimestampWithOffsetToUtc() {
    ClientMessage message =
        decoded("{\"type\":\"ping\",\"timestamp\":\"2026-11-25T19:00:00.5+02:00\"}");

    assertThat(message)
        .isEqualTo(new ClientMessage.Ping(Instant.parse("2026-11-25T17:00:00.500Z")));
  }

  @Test
  void shouldRejectMissingAckMessageIdAndRefreshToken() {
    assertRejected("{\"type\":\"ack\"}", "message_id: missing");
    assertRejected("{\"type\":\"refresh\",\"token\":null}", "token: must not be null");
  }

  @Test
  void shouldRejectNullListInFilters() {
    assertRejected(
        subscribe("a", "{\"severities\":null}"), "filters.severities: expected an array, got null");
  }

  @Test
  void shouldRejectNonArrayListInFilters() {
    assertRejected(
        subscribe("a", "{\"sources\":\"prometheus\"}"),
        "filters.sources: expected an array, got string \"prometheus\"");
  }

  @Test
  void shouldRejectNullElementInFilterList() {
    assertRejected(
        subscribe("a", "{\"sources\":[\"x\",null]}"),
        "filters.sources[1]: expected a string, got null");
  }

  @Test
  void shouldRejectWrongTypedElementInFilterList() {
    assertRejected(
        subscribe("a", "{\"severities\":[0]}"),
        "filters.severities[0]: expected a string, got number 0");
  }

  @Test
  void shouldRejectLowercaseSeverity() {
    assertRejected(
        subscribe("a", "{\"severities\":[\"p0\"]}"),
        "filters.severities[0]: unknown severity \"p0\" (expected one of P0, P1, P2, P3, P4)");
  }

  @Test
  void shouldRejectLowercaseState() {
    assertRejected(
        subscribe("a", "{\"states\":[\"Detected\",\"investigating\"]}"),
        "filters.states[1]: unknown state \"investigating\"");
  }

  @Test
  void shouldRejectUnknownEventTypeInFilters() {
    assertRejected(
        subscribe("a", "{\"event_types\":[\"IncidentCreated\"]}"),
        "filters.event_types[0]: unknown event type \"IncidentCreated\" (expected one of"
            + " incident_created,");
  }

  @Test
  void shouldRejectMalformedUuidInFilters() {
    assertRejected(
        subscribe("a", "{\"incident_ids\":[\"" + UUID_1 + "\",\"abc\"]}"),
        "filters.incident_ids[1]: not a uuid \"abc\"");
  }

  @Test
  void shouldRejectNonCanonicalUuid() {
    assertRejected(
        subscribe("a", "{\"incident_ids\":[\"1-1-1-1-1\"]}"),
        "filters.incident_ids[0]: not a uuid \"1-1-1-1-1\"");
  }

  @Test
  void shouldRejectNonStringLabelValue() {
    assertRejected(
        subscribe("a", "{\"labels\":{\"env\":1}}"),
        "filters.labels.env: expected a string, got number 1");
  }

  @Test
  void shouldRejectNonObjectFilters() {
    assertRejected(subscribe("a", "[]"), "filters: expected an object, got an array");
    assertRejected(subscribe("a", "\"all\""), "filters: expected an object, got string \"all\"");
  }

  @Test
  void shouldRejectNullFilters() {
    assertRejected(subscribe("a", "null"), "filters: must not be null");
  }

  @Test
  void shouldTreatMissingFiltersAsNoRestriction() {
    ClientMessage message = decoded("{\"type\":\"subscribe\",\"subscription_id\":\"a\"}");

    assertThat(message).isEqualTo(new ClientMessage.Subscribe("a", SubscriptionFilters.NONE, null));
  }

  @Test
  void shouldDecodeFiltersIgnoringUnknownKeysAndDuplicates() {
    String filters =
        "{\"event_types\":[\"escalated\"],\"severities\":[\"P0\",\"P0\"],\"states\":[],"
            + "\"labels\":{\"env\":\"prod\"},\"incident_ids\":[\""
            + UUID_1
            + "\"],\"owner\":{\"deep\":[1,2]}}";

    ClientMessage message = decoded(subscribe("a", filters));

    SubscriptionFilters expected =
        new SubscriptionFilters(
            List.of(EventType.ESCALATED),
            List.of(Severity.P0),
            List.<IncidentState>of(),
            List.of(),
            List.of(),
            Map.of("env", "prod"),
            List.of(UUID.fromString(UUID_1)));
    assertThat(message).isEqualTo(new ClientMessage.Subscribe("a", expected, null));
  }

  @Test
  void shouldAcceptTypeTagAfterOtherFieldsAndIgnoreUnknownFields() {
    String json =
        "{\"since\":0,\"extra\":{\"nested\":[{\"x\":null}]},\"subscription_id\":\"a\","
            + "\"type\":\"subscribe\"}";

    ClientMessage message = decoded(json);

    assertThat(message).isEqualTo(new ClientMessage.Subscribe("a", SubscriptionFilters.NONE, 0L));
  }

  @Test
  void shouldReadTheEpochBesideSince() {
    ClientMessage message =
        decoded(
            "{\"type\":\"subscribe\",\"subscription_id\":\"a\",\"since\":7,"
                + "\"epoch\":\"9f2c:0\"}");

    assertThat(message)
        .isEqualTo(new ClientMessage.Subscribe("a", SubscriptionFilters.NONE, 7L, "9f2c:0"));
  }

  @Test
  void shouldTreatANullEpochAsAbsent() {
    ClientMessage message =
        decoded("{\"type\":\"subscribe\",\"subscription_id\":\"a\",\"epoch\":null}");

    assertThat(message).isEqualTo(new ClientMessage.Subscribe("a", SubscriptionFilters.NONE, null));
  }

  @Test
  void shouldRejectAnEpochThatIsNotAString() {
    assertRejected(
        "{\"type\":\"subscribe\",\"subscription_id\":\"a\",\"since\":1,\"epoch\":12}",
        "epoch: expected a string, got number 12");
  }

  @Test
  void shouldRejectNegativeSince() {
    assertRejected(
        "{\"type\":\"subscribe\",\"subscription_id\":\"a\",\"since\":-1}",
        "since: must not be negative, was -1");
  }

  @Test
  void shouldRejectNonIntegerSince() {
    assertRejected(
        "{\"type\":\"subscribe\",\"subscription_id\":\"a\",\"since\":1.5}",
        "since: expected an integer, got number 1.5");
    assertRejected(
        "{\"type\":\"subscribe\",\"subscription_id\":\"a\",\"since\":\"5\"}",
        "since: expected an integer, got string \"5\"");
  }

  @Test
  void shouldRejectNonJson() {
    assertRejected("hello", "not valid JSON (");
    assertRejected("{\"type\":", "not valid JSON (");
    assertRejected("", "not valid JSON (no content)");
  }

  @Test
  void shouldRejectTrailingContent() {
    assertRejected("{\"type\":\"ack\",\"message_id\":\"m\"} {}", "trailing content");
    assertRejected("{\"type\":\"ack\",\"message_id\":\"m\"}x", "not valid JSON (");
  }

  @Test
  void shouldRejectDuplicateKeys() {
    assertRejected(
        "{\"type\":\"ack\",\"type\":\"ping\",\"message_id\":\"m\"}", "Duplicate field 'type'");
  }

  @Test
  void shouldRejectUnpairedSurrogate() {
    assertRejected(subscribe("\\ud800x", "{}"), "unpaired surrogate");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[]", "[{\"type\":\"ping\"}]", "\"subscribe\"", "42", "true", "null"})
  void shouldRejectNonObjectAtTopLevel(String json) {
    assertRejected(json, "expected a JSON object, got ");
  }

  @Test
  void shouldRejectJsonNestedThousandDeep() {
    String json = "[".repeat(1000) + "]".repeat(1000);

    assertRejected(json, "nested deeper than 32 levels");
    assertRejected(ping("\"x\":" + json), "nested deeper than 32 levels");
  }

  @Test
  void shouldAcceptNestingOfExactly32Levels() {
    // The message object is level 1, so 31 more levels make 32.
    String nested = "[".repeat(31) + "]".repeat(31);

    assertThat(codec.decodeClient(ping("\"x\":" + nested))).isInstanceOf(Decoded.Ok.class);
  }

  @Test
  void shouldRejectNestingOf33Levels() {
    String nested = "[".repeat(32) + "]".repeat(32);

    assertRejected(ping("\"x\":" + nested), "nested deeper than 32 levels");
  }

  @Test
  void shouldNeverThrowOnArbitraryInput() {
    List<String> inputs =
        List.of("{", "}", "\u0000", "{\"type\":\"subscribe\",\"filters\":{\"labels\":[]}}", "[[[");

    for (String input : inputs) {
      assertThat(codec.decodeClient(input)).isInstanceOf(Decoded.Failed.class);
      assertThat(codec.decodeServer(input)).isInstanceOf(Decoded.Failed.class);
      assertThat(codec.decodeEvents(input)).isInstanceOf(Decoded.Failed.class);
    }
  }

  private static String subscribe(String id, String filters) {
    return "{\"type\":\"subscribe\",\"subscription_id\":\""
        + id
        + "\",\"filters\":"
        + filters
        + "}";
  }

  private static String ping(String extra) {
    return "{\"type\":\"ping\",\"timestamp\":\"2026-11-25T17:00:00Z\"," + extra + "}";
  }

  private ClientMessage decoded(String json) {
    Decoded<ClientMessage> decoded = codec.decodeClient(json);
    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    return ((Decoded.Ok<ClientMessage>) decoded).value();
  }

  private void assertRejected(String json, String expectedDetail) {
    Decoded<ClientMessage> decoded = codec.decodeClient(json);

    assertThat(decoded).isInstanceOf(Decoded.Failed.class);
    ServerMessage.Error error = ((Decoded.Failed<ClientMessage>) decoded).toError();
    assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
    assertThat(error.message()).startsWith("Failed to process message: ").contains(expectedDetail);
  }
}
