package io.incidentstream.perf.load;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.Severity;
import java.util.List;
import java.util.Map;

/**
 * Who subscribes to what, and so how many deliveries each event must make.
 *
 * <p>Every published event has one of {@link #EVENT_TYPES} (all six carry labels), one of the five
 * severities and a {@code team} label naming one of {@link #groups()} teams, each drawn uniformly.
 * Connection {@code i} follows team {@code i % groups} with a filter {@link Shape}: {@code labels}
 * gives every connection the plain label filter; {@code mixed} cycles through label alone (twice),
 * label + severities P0/P1, and label + the three first incident types, so the index sees several
 * keys. The number of teams is chosen so that the mean share of connections an event reaches (the
 * selectivity) is the one asked for; {@link #effectiveSelectivity} is the exact value after
 * rounding. Immutable.
 */
final class FilterMix {

  /** The filter key that splits connections into teams. */
  static final String TEAM_LABEL = "team";

  /** The event types published: those that carry labels. */
  static final List<EventType> EVENT_TYPES =
      List.of(
          EventType.INCIDENT_CREATED,
          EventType.INCIDENT_UPDATED,
          EventType.INCIDENT_RESOLVED,
          EventType.INCIDENT_CLOSED,
          EventType.ALERT_RECEIVED,
          EventType.ALERT_CONVERTED);

  static final List<Severity> SEVERITIES = List.of(Severity.values());

  /** The filter mixes of {@code --filter-mix}. */
  enum Kind {
    MIXED(List.of(Shape.LABEL, Shape.LABEL, Shape.SEVERE, Shape.INCIDENTS)),
    LABELS(List.of(Shape.LABEL));

    private final List<Shape> cycle;

    Kind(List<Shape> cycle) {
      this.cycle = cycle;
    }

    /** Mean share of one team's events a connection of this mix receives. */
    double meanShare() {
      double sum = 0;
      for (Shape shape : cycle) {
        sum += shape.share();
      }
      return sum / cycle.size();
    }
  }

  /** What a connection asks for beyond its team. */
  enum Shape {
    /** The team's events. */
    LABEL(List.of(), List.of()),
    /** The team's P0 and P1 events. */
    SEVERE(List.of(), List.of(Severity.P0, Severity.P1)),
    /** The team's created, updated and resolved incidents. */
    INCIDENTS(
        List.of(
            EventType.INCIDENT_CREATED, EventType.INCIDENT_UPDATED, EventType.INCIDENT_RESOLVED),
        List.of());

    private final List<EventType> types;
    private final List<Severity> severities;

    Shape(List<EventType> types, List<Severity> severities) {
      this.types = types;
      this.severities = severities;
    }

    boolean matches(EventType type, Severity severity) {
      return (types.isEmpty() || types.contains(type))
          && (severities.isEmpty() || severities.contains(severity));
    }

    /** Share of the published (type, severity) combinations this shape matches. */
    double share() {
      int matched = 0;
      for (EventType type : EVENT_TYPES) {
        for (Severity severity : SEVERITIES) {
          matched += matches(type, severity) ? 1 : 0;
        }
      }
      return (double) matched / (EVENT_TYPES.size() * SEVERITIES.size());
    }

    SubscriptionFilters filters(int group) {
      return new SubscriptionFilters(
          types,
          severities,
          List.of(),
          List.of(),
          List.of(),
          Map.of(TEAM_LABEL, team(group)),
          List.of());
    }
  }

  /** One connection's team and shape. */
  record Assignment(int group, Shape shape) {}

  private final Kind kind;
  private final int groups;

  FilterMix(Kind kind, double selectivity) {
    check(kind, selectivity);
    this.kind = kind;
    this.groups = (int) Math.max(1, Math.round(kind.meanShare() / selectivity));
  }

  /** Rejects a selectivity the mix cannot reach (its shapes already narrow each team). */
  static void check(Kind kind, double selectivity) {
    double highest = kind.meanShare();
    if (selectivity > highest) {
      throw new IllegalArgumentException(
          "--selectivity "
              + selectivity
              + " is above the highest the "
              + kind.name().toLowerCase(java.util.Locale.ROOT)
              + " filter mix can reach ("
              + highest
              + "); lower it or use --filter-mix labels");
    }
  }

  static String team(int group) {
    return "team-" + group;
  }

  Kind kind() {
    return kind;
  }

  /** How many teams events are spread over. */
  int groups() {
    return groups;
  }

  /** The exact mean share of connections one event reaches (selectivity after rounding). */
  double effectiveSelectivity() {
    return kind.meanShare() / groups;
  }

  Assignment forConnection(int index) {
    List<Shape> cycle = kind.cycle;
    return new Assignment(index % groups, cycle.get((index / groups) % cycle.size()));
  }

  /** A fresh tally of subscribed connections, for exact expected delivery counts. */
  Population population() {
    return new Population(groups);
  }

  /**
   * How many connections of each team and shape are subscribed, and from that how many deliveries
   * an event of a given team, type and severity must make. Not thread-safe: fill it, then read it.
   */
  static final class Population {
    private final int[][] counts;

    private Population(int groups) {
      this.counts = new int[groups][Shape.values().length];
    }

    void add(Assignment assignment) {
      counts[assignment.group()][assignment.shape().ordinal()]++;
    }

    /** Deliveries one event must make. */
    long expected(int group, EventType type, Severity severity) {
      long total = 0;
      int[] shapes = counts[group];
      for (Shape shape : Shape.values()) {
        if (shape.matches(type, severity)) {
          total += shapes[shape.ordinal()];
        }
      }
      return total;
    }

    int size() {
      int total = 0;
      for (int[] shapes : counts) {
        for (int count : shapes) {
          total += count;
        }
      }
      return total;
    }
  }
}
