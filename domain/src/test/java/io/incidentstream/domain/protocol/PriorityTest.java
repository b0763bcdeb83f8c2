package io.incidentstream.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.domain.event.AlertConverted;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.AssignmentChanged;
import io.incidentstream.domain.event.CommentAdded;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentClosed;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.IncidentResolved;
import io.incidentstream.domain.event.IncidentUpdated;
import io.incidentstream.domain.event.NotificationSent;
import io.incidentstream.domain.event.PlaybookActionExecuted;
import io.incidentstream.domain.event.PlaybookCompleted;
import io.incidentstream.domain.event.PlaybookStarted;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Priority;
import io.incidentstream.domain.model.Severity;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Priority rules of DESIGN section 3, as computed and as written on the event frame. */
class PriorityTest {

  private static final UUID ID = UUID.fromString("7f3c2a9e-4b1d-4e8a-9c6f-2d5b8e1a3f70");
  private static final Instant AT = Instant.parse("2026-11-25T17:00:00Z");
  private static final ObjectMapper MAPPER = new ObjectMapper();

  static Stream<Arguments> rules() {
    return Stream.of(
        Arguments.of(new IncidentCreated(incident(Severity.P0)), Priority.CRITICAL),
        Arguments.of(new IncidentCreated(incident(Severity.P1)), Priority.HIGH),
        Arguments.of(new IncidentCreated(incident(Severity.P2)), Priority.NORMAL),
        Arguments.of(new IncidentCreated(incident(Severity.P3)), Priority.NORMAL),
        Arguments.of(new IncidentCreated(incident(Severity.P4)), Priority.NORMAL),
        Arguments.of(new Escalated(ID, Severity.P1, Severity.P0, "r"), Priority.CRITICAL),
        Arguments.of(new Escalated(ID, Severity.P2, Severity.P1, "r"), Priority.HIGH),
        Arguments.of(new Escalated(ID, Severity.P1, Severity.P3, "r"), Priority.HIGH),
        Arguments.of(new AlertReceived(alert(Severity.P0)), Priority.HIGH),
        Arguments.of(new AlertReceived(alert(Severity.P1)), Priority.HIGH),
        Arguments.of(new AlertReceived(alert(Severity.P2)), Priority.NORMAL),
        Arguments.of(new AlertReceived(alert(Severity.P4)), Priority.NORMAL),
        Arguments.of(new CommentAdded(ID, "a", "c", AT), Priority.LOW),
        Arguments.of(new PlaybookActionExecuted(ID, "p", "a", true, "m"), Priority.LOW),
        Arguments.of(new SystemEvent("c", "m", Map.of()), Priority.LOW),
        Arguments.of(
            new IncidentUpdated(incident(Severity.P0), IncidentState.DETECTED), Priority.NORMAL),
        Arguments.of(new IncidentResolved(incident(Severity.P0)), Priority.NORMAL),
        Arguments.of(new IncidentClosed(incident(Severity.P0)), Priority.NORMAL),
        Arguments.of(new AlertConverted(alert(Severity.P0), ID), Priority.NORMAL),
        Arguments.of(new PlaybookStarted(ID, "p", "n"), Priority.NORMAL),
        Arguments.of(new PlaybookCompleted(ID, "p", true, 3), Priority.NORMAL),
        Arguments.of(new NotificationSent(ID, "slack", true), Priority.NORMAL),
        Arguments.of(new AssignmentChanged(ID, List.of("a")), Priority.NORMAL));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @MethodSource("rules")
  void shouldAssignPriorityByDesignRules(IncidentEvent event, Priority expected)
      throws IOException {
    EventEnvelope envelope = EventEnvelope.wrap(ID, 1, AT, EventEnvelope.DEFAULT_TENANT, event);

    byte[] frame = new ProtocolCodec().encode(new ServerMessage.Event(envelope, List.of()));

    assertThat(event.priority()).isEqualTo(expected);
    assertThat(MAPPER.readTree(frame).get("priority").asText()).isEqualTo(expected.wire());
  }

  private static Incident incident(Severity severity) {
    return Incident.builder(ID, severity, IncidentState.DETECTED, AT).build();
  }

  private static Alert alert(Severity severity) {
    return Alert.builder(ID, severity, AT).build();
  }
}
