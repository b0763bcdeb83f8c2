package io.incidentstream.perf.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.filter.EventMatcher;
import io.incidentstream.domain.filter.FilterCompiler;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ProtocolCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FilterMixTest {

  private static final ProtocolCodec CODEC = new ProtocolCodec();

  @Test
  void shouldSplitLabelOnlyConnectionsIntoOneTeamPerSelectivityStep() {
    FilterMix mix = new FilterMix(FilterMix.Kind.LABELS, 0.01);

    assertThat(mix.groups()).isEqualTo(100);
    assertThat(mix.effectiveSelectivity()).isEqualTo(0.01);
  }

  @Test
  void shouldNarrowTheTeamCountByWhatTheMixedShapesFilterOut() {
    // Shapes: label, label, label + P0/P1 (2 of 5 severities), label + 3 of 6 types.
    assertThat(FilterMix.Kind.MIXED.meanShare()).isCloseTo((1 + 1 + 0.4 + 0.5) / 4, within(1e-12));

    FilterMix mix = new FilterMix(FilterMix.Kind.MIXED, 0.01);

    assertThat(mix.groups()).isEqualTo(73);
    assertThat(mix.effectiveSelectivity()).isCloseTo(0.725 / 73, within(1e-12));
  }

  @Test
  void shouldCycleTeamsFirstThenShapes() {
    FilterMix mix = new FilterMix(FilterMix.Kind.MIXED, 0.725 / 3);

    assertThat(mix.groups()).isEqualTo(3);
    assertThat(List.of(0, 1, 2, 3, 6, 9, 12).stream().map(mix::forConnection))
        .containsExactly(
            new FilterMix.Assignment(0, FilterMix.Shape.LABEL),
            new FilterMix.Assignment(1, FilterMix.Shape.LABEL),
            new FilterMix.Assignment(2, FilterMix.Shape.LABEL),
            new FilterMix.Assignment(0, FilterMix.Shape.LABEL),
            new FilterMix.Assignment(0, FilterMix.Shape.SEVERE),
            new FilterMix.Assignment(0, FilterMix.Shape.INCIDENTS),
            new FilterMix.Assignment(0, FilterMix.Shape.LABEL));
  }

  /**
   * The expected counts the report compares against must be what the server's filter semantics
   * select: compile every connection's filter with the domain compiler and run it on the very
   * events the publisher sends.
   */
  @Test
  void shouldExpectExactlyTheConnectionsWhoseCompiledFilterMatchesThePublishedEvent() {
    FilterMix mix = new FilterMix(FilterMix.Kind.MIXED, 0.05);
    int connections = mix.groups() * 4 * 17;
    FilterMix.Population population = mix.population();
    List<EventMatcher> matchers = new ArrayList<>();
    for (int i = 0; i < connections; i++) {
      FilterMix.Assignment assignment = mix.forConnection(i);
      population.add(assignment);
      matchers.add(FilterCompiler.compile(assignment.shape().filters(assignment.group())));
    }
    EventTemplates templates = new EventTemplates();
    long deliveries = 0;
    long events = 0;
    for (int group = 0; group < mix.groups(); group++) {
      for (int type = 0; type < FilterMix.EVENT_TYPES.size(); type++) {
        for (int severity = 0; severity < FilterMix.SEVERITIES.size(); severity++) {
          IncidentEvent event = decode(templates.render(type, severity, group, events, 7));
          long matching = matchers.stream().filter(m -> m.matches(event)).count();

          assertThat(
                  population.expected(
                      group, FilterMix.EVENT_TYPES.get(type), FilterMix.SEVERITIES.get(severity)))
              .as("team %d, %s, %s", group, event.type(), FilterMix.SEVERITIES.get(severity))
              .isEqualTo(matching);
          deliveries += matching;
          events++;
        }
      }
    }

    assertThat(population.size()).isEqualTo(connections);
    assertThat((double) deliveries / events / connections)
        .isCloseTo(mix.effectiveSelectivity(), within(1e-12));
  }

  private static IncidentEvent decode(String json) {
    Decoded<IncidentEvent> decoded = CODEC.decodeEvent(json);
    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    return ((Decoded.Ok<IncidentEvent>) decoded).value();
  }
}
