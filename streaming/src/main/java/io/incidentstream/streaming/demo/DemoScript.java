package io.incidentstream.streaming.demo;

import static io.incidentstream.streaming.demo.DemoCatalog.pick;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.SystemEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Interleaves a few {@link IncidentScenario}s, so several incidents are in flight at once, with an
 * occasional unrelated system event. Deterministic for a given {@link Random}. Not thread-safe:
 * owned by one generator thread.
 */
final class DemoScript {

  static final int INCIDENTS_IN_FLIGHT = 3;
  static final int SYSTEM_EVENT_PERCENT = 3;

  private static final List<String> NOISE =
      List.of(
          "integration|datadog webhook delivery latency back to normal",
          "deployment|checkout-api v2.14.4 deployed to eu-west-1",
          "maintenance|payments-db minor version upgrade scheduled for Sunday 02:00 UTC",
          "health|pagerduty integration heartbeat restored");

  private final Random random;
  private final List<IncidentScenario> inFlight = new ArrayList<>();

  DemoScript(Random random) {
    this.random = random;
  }

  /** The next event at {@code now}: usually the next step of one in-flight incident. */
  IncidentEvent next(Instant now) {
    if (random.nextInt(100) < SYSTEM_EVENT_PERCENT) {
      return noise();
    }
    while (inFlight.size() < INCIDENTS_IN_FLIGHT) {
      inFlight.add(new IncidentScenario(random));
    }
    IncidentScenario scenario = inFlight.get(random.nextInt(inFlight.size()));
    IncidentEvent event = scenario.next(now);
    if (scenario.isDone()) {
      inFlight.remove(scenario);
    }
    return event;
  }

  private SystemEvent noise() {
    String[] parts = pick(random, NOISE).split("\\|", 2);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("generator", "demo");
    return new SystemEvent(parts[0], parts[1], metadata);
  }
}
