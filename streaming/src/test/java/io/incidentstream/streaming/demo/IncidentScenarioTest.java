package io.incidentstream.streaming.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentstream.domain.event.AlertConverted;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.AssignmentChanged;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentClosed;
import io.incidentstream.domain.event.IncidentCreated;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.IncidentResolved;
import io.incidentstream.domain.event.IncidentUpdated;
import io.incidentstream.domain.event.PlaybookActionExecuted;
import io.incidentstream.domain.event.PlaybookCompleted;
import io.incidentstream.domain.event.PlaybookStarted;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ProtocolCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IncidentScenarioTest {

  private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void shouldPlayAllFourteenEventTypesInOneLifecycle(long seed) {
    List<IncidentEvent> events = play(seed);

    EnumSet<EventType> types = EnumSet.noneOf(EventType.class);
    events.forEach(e -> types.add(e.type()));
    assertThat(types).containsExactlyInAnyOrder(EventType.values());
    assertThat(events.get(0)).isInstanceOf(AlertReceived.class);
    assertThat(events.get(events.size() - 1)).isInstanceOf(IncidentClosed.class);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 1234})
  void shouldStayInternallyConsistent(long seed) {
    List<IncidentEvent> events = play(seed);

    UUID id = ((AlertConverted) events.get(1)).incidentId();
    assertThat(((AlertReceived) events.get(0)).alert().incidentId()).isNull();
    assertThat(((AlertConverted) events.get(1)).alert().incidentId()).isEqualTo(id);
    assertThat(events.stream().filter(e -> !(e instanceof SystemEvent)).skip(1))
        .allSatisfy(e -> assertThat(e.filterIncidentId()).isEqualTo(id));
    assertStatesInOrder(events);
    assertPlaybookConsistent(events);
    assertEscalationConsistent(events);
  }

  @Test
  void shouldResolveWithAResolutionAndAssignTheNewList() {
    List<IncidentEvent> events = play(7);

    Incident resolved = only(events, IncidentResolved.class).incident();
    assertThat(resolved.state()).isEqualTo(IncidentState.RESOLVED);
    assertThat(resolved.resolution()).isNotNull();
    assertThat(only(events, IncidentClosed.class).incident().resolution())
        .isEqualTo(resolved.resolution());
    assertThat(resolved.assignees()).isEqualTo(only(events, AssignmentChanged.class).assignees());
    assertThat(resolved.assignees()).hasSize(2).doesNotHaveDuplicates();
  }

  @Test
  void shouldProduceEventsThatSurviveTheWireFormat() {
    ProtocolCodec codec = new ProtocolCodec();

    for (IncidentEvent event : play(21)) {
      String json = new String(codec.encodeEvent(event), StandardCharsets.UTF_8);
      assertThat(codec.decodeEvent(json)).as(json).isEqualTo(new Decoded.Ok<>(event));
    }
  }

  @Test
  void shouldRepeatTheSameStoryForTheSameSeed() {
    assertThat(play(99)).isEqualTo(play(99));
  }

  @Test
  void shouldRefuseToGoPastTheEnd() {
    IncidentScenario scenario = new IncidentScenario(new Random(5));
    while (!scenario.isDone()) {
      scenario.next(T0);
    }

    assertThatThrownBy(() -> scenario.next(T0)).isInstanceOf(IllegalStateException.class);
  }

  private static List<IncidentEvent> play(long seed) {
    IncidentScenario scenario = new IncidentScenario(new Random(seed));
    List<IncidentEvent> events = new ArrayList<>();
    Instant now = T0;
    while (!scenario.isDone()) {
      events.add(scenario.next(now));
      now = now.plus(Duration.ofSeconds(30));
    }
    return events;
  }

  private static void assertStatesInOrder(List<IncidentEvent> events) {
    List<IncidentState> states =
        events.stream().map(IncidentEvent::filterState).filter(s -> s != null).toList();
    assertThat(states)
        .containsExactly(
            IncidentState.DETECTED,
            IncidentState.TRIAGED,
            IncidentState.INVESTIGATING,
            IncidentState.REMEDIATING,
            IncidentState.RESOLVED,
            IncidentState.CLOSED);
    List<IncidentUpdated> updates = all(events, IncidentUpdated.class);
    assertThat(updates)
        .extracting(IncidentUpdated::previousState)
        .containsExactly(
            IncidentState.DETECTED, IncidentState.TRIAGED, IncidentState.INVESTIGATING);
    assertThat(only(events, IncidentCreated.class).incident().state())
        .isEqualTo(IncidentState.DETECTED);
  }

  private static void assertPlaybookConsistent(List<IncidentEvent> events) {
    PlaybookStarted started = only(events, PlaybookStarted.class);
    List<PlaybookActionExecuted> actions = all(events, PlaybookActionExecuted.class);
    PlaybookCompleted completed = only(events, PlaybookCompleted.class);
    assertThat(actions).isNotEmpty().allMatch(a -> a.playbookId().equals(started.playbookId()));
    assertThat(completed.playbookId()).isEqualTo(started.playbookId());
    assertThat(completed.actionsExecuted()).isEqualTo(actions.size());
    assertThat(completed.success())
        .isEqualTo(actions.stream().allMatch(PlaybookActionExecuted::success));
    assertThat(events.indexOf(started)).isLessThan(events.indexOf(actions.get(0)));
    assertThat(events.indexOf(actions.get(actions.size() - 1)))
        .isLessThan(events.indexOf(completed));
  }

  private static void assertEscalationConsistent(List<IncidentEvent> events) {
    Escalated escalated = only(events, Escalated.class);
    Incident created = only(events, IncidentCreated.class).incident();
    assertThat(escalated.fromSeverity()).isEqualTo(created.severity());
    assertThat(escalated.toSeverity().ordinal()).isEqualTo(created.severity().ordinal() - 1);
    assertThat(only(events, IncidentResolved.class).incident().severity())
        .isEqualTo(escalated.toSeverity());
  }

  private static <T> List<T> all(List<IncidentEvent> events, Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }

  private static <T> T only(List<IncidentEvent> events, Class<T> type) {
    List<T> found = all(events, type);
    assertThat(found).as(type.getSimpleName()).hasSize(1);
    return found.get(0);
  }
}
