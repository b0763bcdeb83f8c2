package io.incidentstream.streaming.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentClosed;
import io.incidentstream.domain.event.IncidentEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DemoScriptTest {

  private static final Instant T0 = Instant.parse("2026-11-25T03:00:00Z");

  @Test
  void shouldKeepSeveralIncidentsInFlightAndFinishThem() {
    List<IncidentEvent> events = run(new DemoScript(new Random(11)), 600);

    long opened = events.stream().filter(AlertReceived.class::isInstance).count();
    long closed = events.stream().filter(IncidentClosed.class::isInstance).count();
    assertThat(closed).isGreaterThan(10);
    assertThat(opened - closed).isBetween(0L, (long) DemoScript.INCIDENTS_IN_FLIGHT);
    assertThat(maxOpenAtOnce(events)).isGreaterThan(1);
  }

  @Test
  void shouldEmitStandaloneSystemEvents() {
    List<IncidentEvent> events = run(new DemoScript(new Random(3)), 600);

    assertThat(events)
        .filteredOn(e -> e.type() == EventType.SYSTEM_EVENT)
        .hasSizeGreaterThan((int) events.stream().filter(IncidentClosed.class::isInstance).count());
  }

  @Test
  void shouldRepeatForTheSameSeed() {
    assertThat(run(new DemoScript(new Random(8)), 200))
        .isEqualTo(run(new DemoScript(new Random(8)), 200));
  }

  private static List<IncidentEvent> run(DemoScript script, int count) {
    List<IncidentEvent> events = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      events.add(script.next(T0.plusSeconds(i)));
    }
    return events;
  }

  private static int maxOpenAtOnce(List<IncidentEvent> events) {
    List<UUID> open = new ArrayList<>();
    int max = 0;
    for (IncidentEvent event : events) {
      if (event instanceof AlertReceived received) {
        open.add(received.alert().id());
      } else if (event instanceof IncidentClosed) {
        open.remove(0);
      }
      max = Math.max(max, open.size());
    }
    return max;
  }
}
