package io.incidentstream.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.AlertConverted;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.AssignmentChanged;
import io.incidentstream.domain.event.CommentAdded;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.IncidentClosed;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.IncidentResolved;
import io.incidentstream.domain.event.IncidentUpdated;
import io.incidentstream.domain.event.NotificationSent;
import io.incidentstream.domain.event.PlaybookActionExecuted;
import io.incidentstream.domain.event.PlaybookCompleted;
import io.incidentstream.domain.event.PlaybookStarted;
import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.IncidentType;
import io.incidentstream.domain.model.Severity;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Producer events: minimal objects get defaults; bad uuids and enums are named with a path. */
class EventDecodeTest {

  private static final Instant NOW = Instant.parse("2026-11-25T17:30:00Z");
  private static final String ID = "7f3c2a9e-4b1d-4e8a-9c6f-2d5b8e1a3f70";
  private static final UUID UUID_ID = UUID.fromString(ID);
  private static final String INCIDENT =
      "{\"id\":\"" + ID + "\",\"state\":\"Detected\",\"severity\":\"P2\"}";
  private static final String ALERT = "{\"id\":\"" + ID + "\",\"severity\":\"P3\"}";
  private static final Incident MIN_INCIDENT =
      new Incident(
          UUID_ID,
          NOW,
          NOW,
          IncidentState.DETECTED,
          Severity.P2,
          IncidentType.UNKNOWN,
          "",
          "",
          "",
          List.of(),
          Map.of(),
          List.of(),
          null,
          null,
          List.of(),
          List.of(),
          null,
          null);
  private static final Alert MIN_ALERT =
      new Alert(
          UUID_ID,
          "",
          "",
          NOW,
          NOW,
          Severity.P3,
          "",
          "",
          "",
          Map.of(),
          List.of(),
          null,
          Map.of(),
          null,
          false,
          null);

  private final ProtocolCodec codec = new ProtocolCodec(Clock.fixed(NOW, ZoneOffset.UTC));

  static Stream<Arguments> minimalEvents() {
    return Stream.of(
        Arguments.of(
            "{\"event_type\":\"incident_created\",\"incident\":" + INCIDENT + "}",
            new IncidentCreated(MIN_INCIDENT)),
        Arguments.of(
            "{\"event_type\":\"incident_updated\",\"incident\":"
                + INCIDENT
                + ",\"previous_state\":\"Detected\"}",
            new IncidentUpdated(MIN_INCIDENT, IncidentState.DETECTED)),
        Arguments.of(
            "{\"event_type\":\"incident_resolved\",\"incident\":" + INCIDENT + "}",
            new IncidentResolved(MIN_INCIDENT)),
        Arguments.of(
            "{\"event_type\":\"incident_closed\",\"incident\":" + INCIDENT + "}",
            new IncidentClosed(MIN_INCIDENT)),
        Arguments.of(
            "{\"event_type\":\"alert_received\",\"alert\":" + ALERT + "}",
            new AlertReceived(MIN_ALERT)),
        Arguments.of(
            "{\"event_type\":\"alert_converted\",\"alert\":"
                + ALERT
                + ",\"incident_id\":\""
                + ID
                + "\"}",
            new AlertConverted(MIN_ALERT, UUID_ID)),
        Arguments.of(
            "{\"event_type\":\"escalated\",\"incident_id\":\""
                + ID
                + "\",\"from_severity\":\"P2\",\"to_severity\":\"P1\"}",
            new Escalated(UUID_ID, Severity.P2, Severity.P1, "")),
        Arguments.of(
            "{\"event_type\":\"playbook_started\",\"incident_id\":\"" + ID + "\"}",
            new PlaybookStarted(UUID_ID, "", "")),
        Arguments.of(
            "{\"event_type\":\"playbook_action_executed\",\"incident_id\":\""
                + ID
                + "\",\"success\":true}",
            new PlaybookActionExecuted(UUID_ID, "", "", true, "")),
        Arguments.of(
            "{\"event_type\":\"playbook_completed\",\"incident_id\":\""
                + ID
                + "\",\"success\":false,\"actions_executed\":0}",
            new PlaybookCompleted(UUID_ID, "", false, 0)),
        Arguments.of(
            "{\"event_type\":\"notification_sent\",\"incident_id\":\""
                + ID
                + "\",\"success\":true}",
            new NotificationSent(UUID_ID, "", true)),
        Arguments.of(
            "{\"event_type\":\"assignment_changed\",\"incident_id\":\"" + ID + "\"}",
            new AssignmentChanged(UUID_ID, List.of())),
        Arguments.of(
            "{\"event_type\":\"comment_added\",\"incident_id\":\"" + ID + "\"}",
            new CommentAdded(UUID_ID, "", "", NOW)),
        Arguments.of("{\"event_type\":\"system_event\"}", new SystemEvent("", "", Map.of())));
  }

  @ParameterizedTest
  @MethodSource("minimalEvents")
  void shouldDecodeMinimalEventWithDefaults(String json, IncidentEvent expected) {
    assertThat(decoded(json)).isEqualTo(expected);
  }

  static Stream<String> minimalEventsWithUuid() {
    return minimalEvents().map(args -> (String) args.get()[0]).filter(json -> json.contains(ID));
  }

  @ParameterizedTest
  @MethodSource("minimalEventsWithUuid")
  void shouldRejectMalformedUuidInEveryEventTypeThatHasOne(String json) {
    String path =
        json.contains("\"incident\":")
            ? "incident.id"
            : json.contains("\"alert\":") ? "alert.id" : "incident_id";

    String message = failure(codec.decodeEvent(json.replace(ID, "not-a-uuid")));

    assertThat(message).contains(path + ": not a uuid \"not-a-uuid\"");
  }

  @Test
  void shouldTreatNullOptionalFieldsLikeAbsentOnes() {
    String incident =
        "{\"id\":\""
            + ID
            + "\",\"state\":\"Detected\",\"severity\":\"P2\",\"title\":null,\"labels\":null,"
            + "\"created_at\":null,\"incident_type\":null,\"resolution\":null,\"timeline\":null}";

    IncidentEvent event =
        decoded("{\"event_type\":\"incident_created\",\"incident\":" + incident + "}");

    assertThat(event).isEqualTo(new IncidentCreated(MIN_INCIDENT));
  }

  @Test
  void shouldConvertTimestampsWithOffsetToUtc() {
    String json =
        "{\"event_type\":\"comment_added\",\"incident_id\":\""
            + ID
            + "\",\"timestamp\":\"2026-11-25T12:00:00.25-05:00\"}";

    CommentAdded event = (CommentAdded) decoded(json);

    assertThat(event.timestamp()).isEqualTo(Instant.parse("2026-11-25T17:00:00.250Z"));
  }

  static Stream<Arguments> badEvents() {
    return Stream.of(
        Arguments.of("{}", "event_type: missing"),
        Arguments.of(
            "{\"event_type\":\"IncidentCreated\"}",
            "event_type: unknown event type \"IncidentCreated\""),
        Arguments.of("{\"event_type\":\"incident_created\"}", "incident: missing"),
        Arguments.of(
            "{\"event_type\":\"incident_created\",\"incident\":{\"id\":\"abc\"}}",
            "incident.id: not a uuid \"abc\""),
        Arguments.of(
            "{\"event_type\":\"incident_created\",\"incident\":{\"id\":\""
                + ID
                + "\",\"state\":\"Detected\",\"severity\":\"p2\"}}",
            "incident.severity: unknown severity \"p2\""),
        Arguments.of(
            "{\"event_type\":\"incident_created\",\"incident\":{\"id\":\""
                + ID
                + "\",\"severity\":\"P2\"}}",
            "incident.state: missing"),
        Arguments.of(
            "{\"event_type\":\"incident_created\",\"incident\":{\"id\":\""
                + ID
                + "\",\"state\":\"Detected\",\"severity\":\"P2\",\"incident_type\":\"availability\"}}",
            "incident.incident_type: unknown incident type \"availability\""),
        Arguments.of(
            "{\"event_type\":\"incident_created\",\"incident\":{\"id\":\""
                + ID
                + "\",\"state\":\"Detected\",\"severity\":\"P2\",\"title\":5}}",
            "incident.title: expected a string, got number 5"),
        Arguments.of(
            "{\"event_type\":\"incident_resolved\",\"incident\":{\"id\":\""
                + ID
                + "\",\"state\":\"Resolved\",\"severity\":\"P2\",\"resolution\":{\"method\":\"manual\"}}}",
            "incident.resolution.method: unknown resolution method \"manual\""),
        Arguments.of(
            "{\"event_type\":\"incident_created\",\"incident\":{\"id\":\""
                + ID
                + "\",\"state\":\"Detected\",\"severity\":\"P2\",\"related_incidents\":[\"x\"]}}",
            "incident.related_incidents[0]: not a uuid \"x\""),
        Arguments.of(
            "{\"event_type\":\"incident_created\",\"incident\":{\"id\":\""
                + ID
                + "\",\"state\":\"Detected\",\"severity\":\"P2\",\"created_at\":\"2026-13-01\"}}",
            "incident.created_at: not an RFC 3339 timestamp \"2026-13-01\""),
        Arguments.of(
            "{\"event_type\":\"incident_updated\",\"incident\":"
                + INCIDENT
                + ",\"previous_state\":\"triaged\"}",
            "previous_state: unknown state \"triaged\""),
        Arguments.of(
            "{\"event_type\":\"alert_received\",\"alert\":{\"id\":\""
                + ID
                + "\",\"severity\":\"P1\",\"incident_id\":\"nope\"}}",
            "alert.incident_id: not a uuid \"nope\""),
        Arguments.of(
            "{\"event_type\":\"alert_received\",\"alert\":{\"id\":\"" + ID + "\"}}",
            "alert.severity: missing"),
        Arguments.of(
            "{\"event_type\":\"alert_converted\",\"alert\":" + ALERT + "}", "incident_id: missing"),
        Arguments.of(
            "{\"event_type\":\"escalated\",\"incident_id\":\""
                + ID
                + "\",\"from_severity\":\"P2\",\"to_severity\":\"critical\"}",
            "to_severity: unknown severity \"critical\""),
        Arguments.of(
            "{\"event_type\":\"playbook_started\",\"incident_id\":\"12345\"}",
            "incident_id: not a uuid \"12345\""),
        Arguments.of(
            "{\"event_type\":\"playbook_action_executed\",\"incident_id\":\"" + ID + "\"}",
            "success: missing"),
        Arguments.of(
            "{\"event_type\":\"playbook_completed\",\"incident_id\":\""
                + ID
                + "\",\"success\":true,\"actions_executed\":-1}",
            "actions_executed: must not be negative, was -1"),
        Arguments.of(
            "{\"event_type\":\"notification_sent\",\"incident_id\":\""
                + ID
                + "\",\"success\":\"yes\"}",
            "success: expected a boolean, got string \"yes\""),
        Arguments.of(
            "{\"event_type\":\"assignment_changed\",\"incident_id\":\""
                + ID
                + "\",\"assignees\":[null]}",
            "assignees[0]: expected a string, got null"),
        Arguments.of(
            "{\"event_type\":\"comment_added\",\"incident_id\":null}",
            "incident_id: must not be null"),
        Arguments.of(
            "{\"event_type\":\"system_event\",\"metadata\":[1]}",
            "metadata: expected an object, got an array"));
  }

  @ParameterizedTest
  @MethodSource("badEvents")
  void shouldRejectBadEventNamingPathAndValue(String json, String expected) {
    assertThat(failure(codec.decodeEvent(json))).contains(expected);
  }

  @Test
  void shouldDecodeSystemEventMetadataFaithfully() {
    String json =
        "{\"event_type\":\"system_event\",\"category\":\"deploy\",\"message\":\"m\",\"metadata\":"
            + "{\"n\":1,\"d\":0.5,\"b\":true,\"z\":null,\"l\":[1,\"x\",[false]],\"o\":{\"k\":\"v\"}}}";

    SystemEvent event = (SystemEvent) decoded(json);

    assertThat(event.metadata())
        .containsExactly(
            Map.entry("n", 1L),
            Map.entry("d", 0.5),
            Map.entry("b", true),
            Map.entry("z", io.incidentstream.domain.event.JsonNull.INSTANCE),
            Map.entry("l", List.of(1L, "x", List.of(false))),
            Map.entry("o", Map.of("k", "v")));
  }

  @Test
  void shouldDecodeSingleObjectAsBatchOfOne() {
    Decoded<List<IncidentEvent>> decoded = codec.decodeEvents("{\"event_type\":\"system_event\"}");

    assertThat(decoded).isEqualTo(Decoded.ok(List.of(new SystemEvent("", "", Map.of()))));
  }

  @Test
  void shouldRejectWholeBatchWhenOneElementIsInvalid() {
    String ok = "{\"event_type\":\"incident_created\",\"incident\":" + INCIDENT + "}";
    String bad =
        "{\"event_type\":\"incident_created\",\"incident\":{\"id\":\""
            + ID
            + "\",\"state\":\"Detected\",\"severity\":\"P9\"}}";

    String message = failure(codec.decodeEvents("[" + ok + "," + ok + "," + bad + "]"));

    assertThat(message).contains("[2].incident.severity: unknown severity \"P9\"");
  }

  @Test
  void shouldRejectNonObjectBatchElement() {
    assertThat(failure(codec.decodeEvents("[{\"event_type\":\"system_event\"},7]")))
        .contains("[1]: expected an object, got number 7");
  }

  @Test
  void shouldRejectEmptyBatch() {
    assertThat(failure(codec.decodeEvents("[]"))).contains("no events");
  }

  @Test
  void shouldAcceptBatchOfMaxSize() {
    Decoded<List<IncidentEvent>> decoded = codec.decodeEvents(batch(ProtocolCodec.MAX_BATCH_SIZE));

    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    assertThat(((Decoded.Ok<List<IncidentEvent>>) decoded).value()).hasSize(1000);
  }

  @Test
  void shouldRejectBatchOneOverMaxSize() {
    assertThat(failure(codec.decodeEvents(batch(ProtocolCodec.MAX_BATCH_SIZE + 1))))
        .contains("batch of 1001 events exceeds the limit of 1000 events");
  }

  @Test
  void shouldKeepTheProducersMessageIdBesideTheEvent() {
    String json =
        "[{\"event_type\":\"system_event\",\"message_id\":\""
            + ID
            + "\"},"
            + "{\"event_type\":\"system_event\"},"
            + "{\"event_type\":\"system_event\",\"message_id\":null}]";

    Decoded<List<ProducedEvent>> decoded = codec.decodeProduced(json);

    SystemEvent event = new SystemEvent("", "", Map.of());
    assertThat(decoded)
        .isEqualTo(
            Decoded.ok(
                List.of(
                    ProducedEvent.withId(java.util.UUID.fromString(ID), event),
                    ProducedEvent.of(event),
                    ProducedEvent.of(event))));
  }

  @Test
  void shouldRejectAMalformedMessageIdWithItsPath() {
    String json =
        "[{\"event_type\":\"system_event\"},{\"event_type\":\"system_event\","
            + "\"message_id\":\"not-a-uuid\"}]";

    assertThat(failure(codec.decodeProduced(json)))
        .endsWith("[1].message_id: not a uuid \"not-a-uuid\"");
  }

  private static String batch(int size) {
    String one =
        "{\"event_type\":\"comment_added\",\"incident_id\":\"" + ID + "\",\"comment\":\"c\"}";
    return "[" + String.join(",", java.util.Collections.nCopies(size, one)) + "]";
  }

  private IncidentEvent decoded(String json) {
    Decoded<IncidentEvent> decoded = codec.decodeEvent(json);
    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    return ((Decoded.Ok<IncidentEvent>) decoded).value();
  }

  private static String failure(Decoded<?> decoded) {
    assertThat(decoded).isInstanceOf(Decoded.Failed.class);
    String message = ((Decoded.Failed<?>) decoded).toError().message();
    assertThat(message).startsWith("Failed to process message: ");
    return message;
  }
}
