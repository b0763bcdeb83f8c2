package io.incidentstream.domain.filter;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.AlertConverted;
import io.incidentstream.domain.event.AlertReceived;
import io.incidentstream.domain.event.AssignmentChanged;
import io.incidentstream.domain.event.CommentAdded;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.EventType;
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
import io.incidentstream.domain.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.jspecify.annotations.Nullable;

/** The compiled matcher agrees with a plain reference model of DESIGN section 4. */
class FilterPropertiesTest {

  @Property(tries = 20_000)
  void compiledMatcherShouldAgreeWithReference(
      @ForAll("events") IncidentEvent event, @ForAll("filters") SubscriptionFilters filters) {
    boolean expected = Reference.matches(filters, event);

    Statistics.label("outcome").collect(expected ? "match" : "no match");
    Statistics.label("type and outcome").collect(event.type(), expected);
    assertThat(FilterCompiler.compile(filters).matches(event))
        .as("%s against %s", filters, event)
        .isEqualTo(expected);

    Statistics.label("outcome")
        .coverage(
            coverage -> {
              coverage.check("match").percentage(p -> p >= 5.0);
              coverage.check("no match").percentage(p -> p >= 5.0);
            });
    Statistics.label("type and outcome")
        .coverage(
            coverage -> {
              for (EventType type : EventType.values()) {
                coverage.check(type, true).count(n -> n >= 20);
                coverage.check(type, false).count(n -> n >= 20);
              }
            });
  }

  @Provide
  Arbitrary<IncidentEvent> events() {
    return FilterArbitraries.events();
  }

  @Provide
  Arbitrary<SubscriptionFilters> filters() {
    return FilterArbitraries.filters();
  }

  /**
   * DESIGN section 4 written out plainly: reads the record fields itself (never the {@code filter*}
   * accessors under test) and checks each key with collection operations.
   */
  static final class Reference {

    /** What each filter key tests for one event; null = the key does not restrict it. */
    record Attributes(
        @Nullable Severity severity,
        @Nullable IncidentState state,
        @Nullable String source,
        @Nullable List<String> resources,
        @Nullable Map<String, String> labels,
        @Nullable UUID incidentId) {}

    private static final Attributes NOTHING = new Attributes(null, null, null, null, null, null);

    private Reference() {}

    static boolean matches(SubscriptionFilters f, IncidentEvent event) {
      Attributes a = attributes(event);
      return allows(f.eventTypes(), event.type())
          && allows(f.severities(), a.severity())
          && allows(f.states(), a.state())
          && allows(f.sources(), a.source())
          && resourcesAllow(f.affectedResources(), a.resources())
          && labelsAllow(f.labels(), a.labels())
          && allows(f.incidentIds(), a.incidentId());
    }

    private static <T> boolean allows(List<T> wanted, @Nullable T carried) {
      return wanted.isEmpty() || carried == null || wanted.contains(carried);
    }

    private static boolean resourcesAllow(List<String> wanted, @Nullable List<String> carried) {
      return wanted.isEmpty() || carried == null || carried.stream().anyMatch(wanted::contains);
    }

    private static boolean labelsAllow(
        Map<String, String> wanted, @Nullable Map<String, String> carried) {
      return wanted.isEmpty()
          || carried == null
          || carried.entrySet().containsAll(wanted.entrySet());
    }

    static Attributes attributes(IncidentEvent event) {
      if (event instanceof IncidentCreated e) {
        return ofIncident(e.incident());
      } else if (event instanceof IncidentUpdated e) {
        return ofIncident(e.incident());
      } else if (event instanceof IncidentResolved e) {
        return ofIncident(e.incident());
      } else if (event instanceof IncidentClosed e) {
        return ofIncident(e.incident());
      } else if (event instanceof AlertReceived e) {
        return ofAlert(e.alert(), e.alert().incidentId());
      } else if (event instanceof AlertConverted e) {
        return ofAlert(e.alert(), e.incidentId());
      } else if (event instanceof Escalated e) {
        return new Attributes(e.toSeverity(), null, null, null, null, e.incidentId());
      } else if (event instanceof PlaybookStarted e) {
        return ofIncidentId(e.incidentId());
      } else if (event instanceof PlaybookActionExecuted e) {
        return ofIncidentId(e.incidentId());
      } else if (event instanceof PlaybookCompleted e) {
        return ofIncidentId(e.incidentId());
      } else if (event instanceof NotificationSent e) {
        return ofIncidentId(e.incidentId());
      } else if (event instanceof AssignmentChanged e) {
        return ofIncidentId(e.incidentId());
      } else if (event instanceof CommentAdded e) {
        return ofIncidentId(e.incidentId());
      } else if (event instanceof SystemEvent) {
        return NOTHING;
      }
      throw new AssertionError("reference does not know " + event);
    }

    private static Attributes ofIncident(Incident i) {
      return new Attributes(
          i.severity(), i.state(), i.source(), i.affectedResources(), i.labels(), i.id());
    }

    private static Attributes ofAlert(Alert a, @Nullable UUID incidentId) {
      return new Attributes(
          a.severity(), null, a.source(), a.affectedServices(), a.labels(), incidentId);
    }

    private static Attributes ofIncidentId(UUID incidentId) {
      return new Attributes(null, null, null, null, null, incidentId);
    }
  }
}
