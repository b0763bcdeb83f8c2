package io.incidentstream.perf.jmh;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.filter.FilterCompiler;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * A realistic mix of subscriptions of which exactly {@link #expectedMatches} match {@link
 * Fixtures#created()}: incident followers, team labels, event types with severities, event types
 * alone, severities alone, sources. Every subscription is checked against the event when it is
 * made, so the selectivity is exact, not statistical. Deterministic for a given seed.
 */
final class SubscriptionMix {

  /** One subscription: subscriber number, subscription id, filters. */
  record Subscription(int subscriber, String id, SubscriptionFilters filters) {}

  /** Subscriptions per subscriber (connection). */
  static final int PER_SUBSCRIBER = 2;

  private static final List<EventType> TYPES = List.of(EventType.values());
  private static final List<Severity> SEVERITIES = List.of(Severity.values());
  private static final List<String> OTHER_SOURCES =
      List.of("datadog", "grafana", "cloudwatch", "sentry", "pagerduty", "newrelic");
  private static final int TEAMS = 500;
  private static final int INCIDENTS = 20_000;

  private final IncidentEvent event = Fixtures.created();
  private final Random random;

  /** How often a non-matching subscription narrowly misses (our incident or team, but not this). */
  private double nearMiss;

  private final List<UUID> otherIncidents = new ArrayList<>(INCIDENTS);

  private SubscriptionMix(long seed) {
    this.random = new Random(seed);
    for (int i = 0; i < INCIDENTS; i++) {
      otherIncidents.add(new UUID(random.nextLong(), random.nextLong()));
    }
  }

  /** At least one match, so that even 0.1% of 100 subscriptions delivers something. */
  static int expectedMatches(int subscriptions, double selectivity) {
    return Math.max(1, (int) Math.round(subscriptions * selectivity));
  }

  static List<Subscription> build(int subscriptions, double selectivity, long seed) {
    return new SubscriptionMix(seed)
        .build(subscriptions, expectedMatches(subscriptions, selectivity));
  }

  private List<Subscription> build(int count, int matching) {
    nearMiss = 0.3 * matching / count;
    List<Boolean> matches = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      matches.add(i < matching);
    }
    Collections.shuffle(matches, random);
    List<Subscription> result = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      SubscriptionFilters filters = filters(matches.get(i));
      if (FilterCompiler.compile(filters).matches(event) != matches.get(i)) {
        throw new IllegalStateException(
            "fixture bug: " + filters + " should match: " + matches.get(i));
      }
      result.add(new Subscription(i / PER_SUBSCRIBER, "sub-" + (i % PER_SUBSCRIBER), filters));
    }
    return result;
  }

  private SubscriptionFilters filters(boolean match) {
    int kind = random.nextInt(100);
    if (kind < 30) {
      return followIncident(match);
    }
    if (kind < 55) {
      return team(match);
    }
    if (kind < 75) {
      return typesAndSeverities(match);
    }
    if (kind < 85) {
      return filters(types(match), List.of(), Map.of(), List.of(), List.of());
    }
    if (kind < 95) {
      return filters(List.of(), severities(match), Map.of(), List.of(), List.of());
    }
    return filters(
        maybeTypes(true),
        List.of(),
        Map.of(),
        List.of(match ? Fixtures.SOURCE : pick(OTHER_SOURCES)),
        List.of());
  }

  /** "Follow incident X", sometimes only some of its event types. */
  private SubscriptionFilters followIncident(boolean match) {
    if (match) {
      return filters(
          maybeTypes(true), List.of(), Map.of(), List.of(), List.of(Fixtures.INCIDENT_ID));
    }
    if (random.nextDouble() < nearMiss) {
      return filters(types(false), List.of(), Map.of(), List.of(), List.of(Fixtures.INCIDENT_ID));
    }
    return filters(maybeTypes(true), List.of(), Map.of(), List.of(), List.of(pick(otherIncidents)));
  }

  /** "My team's incidents", sometimes only in one environment or for some event types. */
  private SubscriptionFilters team(boolean match) {
    Map<String, String> labels = new LinkedHashMap<>();
    boolean ourTeam = match || random.nextDouble() < nearMiss;
    labels.put("team", ourTeam ? Fixtures.TEAM : "team-" + random.nextInt(TEAMS));
    if (ourTeam && !match) {
      labels.put("env", "staging");
    } else if (random.nextBoolean()) {
      labels.put("env", match ? Fixtures.ENV : pick(List.of("prod", "staging")));
    }
    return filters(maybeTypes(true), List.of(), labels, List.of(), List.of());
  }

  private SubscriptionFilters typesAndSeverities(boolean match) {
    boolean typeMatches = match || random.nextBoolean();
    return filters(
        types(typeMatches), severities(match || !typeMatches), Map.of(), List.of(), List.of());
  }

  /** Event types containing the event's type (or not); sometimes none (all types) if allowed. */
  private List<EventType> maybeTypes(boolean containing) {
    return random.nextBoolean() ? List.of() : types(containing);
  }

  private List<EventType> types(boolean containing) {
    return subset(TYPES, EventType.INCIDENT_CREATED, containing, 1 + random.nextInt(4));
  }

  private List<Severity> severities(boolean containing) {
    return subset(SEVERITIES, Fixtures.SEVERITY, containing, 1 + random.nextInt(2));
  }

  private <T> List<T> subset(List<T> pool, T pivot, boolean containing, int size) {
    List<T> others = new ArrayList<>(pool);
    others.remove(pivot);
    Collections.shuffle(others, random);
    List<T> result = new ArrayList<>(others.subList(0, Math.min(size, others.size())));
    if (containing) {
      result.set(0, pivot);
    }
    return result;
  }

  private <T> T pick(List<T> pool) {
    return pool.get(random.nextInt(pool.size()));
  }

  private static SubscriptionFilters filters(
      List<EventType> types,
      List<Severity> severities,
      Map<String, String> labels,
      List<String> sources,
      List<UUID> incidentIds) {
    return new SubscriptionFilters(
        types, severities, List.of(), sources, List.of(), labels, incidentIds);
  }
}
