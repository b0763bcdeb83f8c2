package io.incidentstream.streaming.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.SystemEvent;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.ingest.EventPublisher;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * The resume race of DESIGN section 6: a publisher runs at full speed (each event as soon as the
 * bus accepted the previous one) while {@value #CLIENTS} clients resume from random {@code since}
 * values (with the stream's epoch), each with one of a few filters; afterwards each client's
 * received seqs must equal, exactly, the seqs of the history after its {@code since} that its
 * filter matches: no gap, no duplicate, in order. The reference is computed with plain predicates,
 * not with the matcher under test.
 */
public final class ResumeRace {

  public static final int CLIENTS = 50;

  /** Published before the race, so that the {@code since} values have a past to reach into. */
  private static final int BEFORE = 300;

  /** The publisher stops once every client is subscribed, or after this many events. */
  private static final int MAX_DURING = 5_000;

  private static final Duration DELIVERY_WAIT = Duration.ofSeconds(60);

  private static final UUID INCIDENT = UUID.fromString("7f3c2a9e-4b1d-4e8a-9c6f-2d5b8e1a3f70");

  private record Filter(String json, Predicate<IncidentEvent> reference) {}

  private static final List<Filter> FILTERS =
      List.of(
          new Filter("{}", e -> true),
          // severities restricts escalations by to_severity and does not restrict system events.
          new Filter(
              "{\"severities\":[\"P1\"]}",
              e ->
                  e instanceof SystemEvent
                      || (e instanceof Escalated x && x.toSeverity() == Severity.P1)),
          new Filter("{\"event_types\":[\"system_event\"]}", e -> e instanceof SystemEvent));

  private record Resumer(WsTestClient client, long since, Filter filter) {}

  private final EventPublisher publisher;
  private final EventHistory history;
  private final Random random = new Random(20261207);

  /**
   * @param history the history to compute the reference from (clustered: any instance's copy, or
   *     the instance that publishes)
   */
  public ResumeRace(EventPublisher publisher, EventHistory history) {
    this.publisher = publisher;
    this.history = history;
  }

  /** Runs the race with clients spread round-robin over {@code servers} (http:// base URIs). */
  public void run(List<URI> servers) throws Exception {
    // One client per server that follows everything: a resuming client's since is a seq such a
    // client has seen, as a real client's would be.
    List<WsTestClient> probes = new ArrayList<>();
    for (URI server : servers) {
      WsTestClient probe = WsTestClient.connectAndAwaitWelcome(server);
      probe.subscribe("probe", "{}");
      probe.awaitType("subscribed");
      probes.add(probe);
    }
    long seeded = 0;
    for (int i = 0; i < BEFORE; i++) {
      seeded = publish(event(i)).seq();
    }
    for (WsTestClient probe : probes) {
      long through = seeded;
      await().atMost(DELIVERY_WAIT).until(() -> lastSeq(probe) >= through);
    }
    // Connected (past welcome) before the race: what races is each subscribe with its since
    // against the live events, not the handshakes.
    List<WsTestClient> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      clients.add(WsTestClient.connectAndAwaitWelcome(servers.get(c % servers.size())));
    }
    AtomicBoolean racing = new AtomicBoolean(true);
    CompletableFuture<Integer> during = CompletableFuture.supplyAsync(() -> publishWhile(racing));
    List<Resumer> resumers = new ArrayList<>();
    try {
      for (int c = 0; c < CLIENTS; c++) {
        WsTestClient probe = probes.get(c % servers.size());
        resumers.add(resume(clients.get(c), probe, FILTERS.get(c % FILTERS.size())));
      }
      for (Resumer resumer : resumers) {
        JsonNode subscribed = resumer.client().awaitType("subscribed");
        assertThat(subscribed.path("recovered").asBoolean())
            .as("resume from %d recovered", resumer.since())
            .isTrue();
      }
    } finally {
      racing.set(false);
    }
    int publishedDuring = during.get(2, TimeUnit.MINUTES);
    // After the race: one event each filter matches, so every client has something to wait for.
    publish(new Escalated(INCIDENT, Severity.P2, Severity.P1, "after the race"));
    long last = publish(new SystemEvent("race", "after the race", Map.of())).seq();
    // Clustered, the publish is answered by Redis before this instance's copy of the history has
    // the event: the reference waits for it.
    await().atMost(DELIVERY_WAIT).until(() -> history.lastSeq() >= last);
    EventHistory.Slice all = history.range(0, last);
    assertThat(all.complete()).as("the history holds the whole race").isTrue();
    assertThat(publishedDuring).as("events published while clients resumed").isPositive();
    try {
      for (Resumer resumer : resumers) {
        assertReceivedExactly(resumer, all.events());
      }
    } finally {
      clients.forEach(WsTestClient::close);
      probes.forEach(WsTestClient::close);
    }
  }

  private static long lastSeq(WsTestClient client) {
    List<JsonNode> events = client.events();
    return events.isEmpty() ? 0 : events.get(events.size() - 1).path("seq").asLong();
  }

  private Resumer resume(WsTestClient client, WsTestClient probe, Filter filter) {
    long since = (long) (random.nextDouble() * (lastSeq(probe) + 1));
    client.subscribeSince("race", filter.json(), since, client.epoch());
    return new Resumer(client, since, filter);
  }

  private static void assertReceivedExactly(Resumer resumer, List<EventEnvelope> history) {
    List<Long> expected =
        history.stream()
            .filter(e -> e.seq() > resumer.since() && resumer.filter().reference().test(e.event()))
            .map(EventEnvelope::seq)
            .toList();
    WsTestClient client = resumer.client();
    await()
        .atMost(DELIVERY_WAIT)
        .until(() -> client.events().size() >= expected.size() || client.isClosed());
    List<Long> received = client.events().stream().map(e -> e.path("seq").asLong()).toList();
    assertThat(received)
        .as("%s since %d", resumer.filter().json(), resumer.since())
        .containsExactlyElementsOf(expected);
  }

  private int publishWhile(AtomicBoolean racing) {
    int published = 0;
    while (racing.get() && published < MAX_DURING) {
      publish(event(BEFORE + published));
      published++;
    }
    return published;
  }

  private EventEnvelope publish(IncidentEvent event) {
    try {
      return publisher.publish(event).get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("publishing during the resume race failed", e);
    }
  }

  /** Escalations to every severity in turn, and every fifth a system event. */
  private static IncidentEvent event(int i) {
    if (i % 5 == 4) {
      return new SystemEvent("race", "event " + i, Map.of());
    }
    Severity to = Severity.values()[i % Severity.values().length];
    return new Escalated(INCIDENT, Severity.P4, to, "event " + i);
  }
}
