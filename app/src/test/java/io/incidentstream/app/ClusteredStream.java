package io.incidentstream.app;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.port.EventLog;
import io.incidentstream.domain.port.EventQuery;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.TokenMinter;
import io.incidentstream.streaming.support.StreamFixtures;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * Instances of the whole application sharing one stream over a real {@code redis-server}, for the
 * client resume tests: one instance a client talks to can stop (gracefully: {@code closing} and
 * 1001) and start again, while another keeps publishing, and the history in Redis says which events
 * a client should have got. Publish from one thread at a time. Every instance of one {@code
 * ClusteredStream} signs tokens with the same secret and keeps its keys under its own prefix, so a
 * shared Redis holds nothing of other tests.
 */
final class ClusteredStream implements AutoCloseable {

  /** The filters of the example pages and the README's Node example. */
  static final SubscriptionFilters EXAMPLE_FILTERS =
      new SubscriptionFilters(
          List.of(),
          List.of(Severity.P0, Severity.P1, Severity.P2),
          List.of(),
          List.of(),
          List.of(),
          Map.of(),
          List.of());

  private static final String SECRET = "client-resume-test-secret-0123456789abcdef";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String redisUri;
  private final String keyPrefix = "client-test-" + UUID.randomUUID();
  private final List<EmbeddedServer> running = new CopyOnWriteArrayList<>();
  private volatile long lastPublished;

  ClusteredStream(String redisUri) {
    this.redisUri = redisUri;
  }

  /** Starts an instance on {@code port} (0: any free port). */
  EmbeddedServer start(int port) {
    EmbeddedServer server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of(
                "micronaut.server.port", port,
                "redis.uri", redisUri,
                "stream.cluster.key-prefix", keyPrefix,
                "stream.security.jwt-secret", SECRET));
    running.add(server);
    return server;
  }

  /** Stops an instance the way SIGTERM does: its clients get {@code closing} and 1001. */
  void stop(EmbeddedServer server) {
    running.remove(server);
    server.getApplicationContext().close();
  }

  String viewerToken() {
    return new TokenMinter(SECRET)
        .mint("client-test", Set.of(Role.VIEWER), List.of("*"), Duration.ofMinutes(10));
  }

  /**
   * Publishes {@code count} events through {@code server}, one batch after the other, a mix the
   * example filters partly select (P1 incidents, P0 alerts and comments match; P3 incidents do
   * not); returns once the last is sequenced.
   */
  void publish(EmbeddedServer server, int count) {
    EventPublisher publisher = server.getApplicationContext().getBean(EventPublisher.class);
    List<IncidentEvent> batch = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      batch.add(mixed(i));
      if (batch.size() == 5 || i == count - 1) {
        lastPublished = Math.max(lastPublished, await(publisher, List.copyOf(batch)));
        batch.clear();
      }
    }
  }

  /**
   * The seqs of every event the example filters select, in order, from the history of {@code
   * server} once it holds the last event published (Redis answers a publish before an instance's
   * receiver has delivered it into its history).
   */
  List<Long> expectedSeqs(EmbeddedServer server) {
    EventLog log = server.getApplicationContext().getBean(EventLog.class);
    long last = lastPublished;
    Awaitility.await()
        .atMost(TIMEOUT)
        .alias("the history holds seq " + last)
        .until(() -> newestSeq(log) >= last);
    return read(
            log, new EventQuery(EXAMPLE_FILTERS, TenantScope.ALL, null, null, EventQuery.MAX_LIMIT))
        .stream()
        .map(EventEnvelope::seq)
        .toList();
  }

  private static long newestSeq(EventLog log) {
    List<EventEnvelope> newest = read(log, EventQuery.recent(TenantScope.ALL, 1));
    return newest.isEmpty() ? 0 : newest.get(0).seq();
  }

  private static List<EventEnvelope> read(EventLog log, EventQuery query) {
    try {
      return log.recent(query).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("reading the history failed", e);
    }
  }

  @Override
  public void close() {
    for (EmbeddedServer server : running) {
      stop(server);
    }
  }

  private static IncidentEvent mixed(int i) {
    return switch (i % 4) {
      case 0 -> StreamFixtures.created(Severity.P1);
      case 1 -> StreamFixtures.created(Severity.P3);
      case 2 -> StreamFixtures.comment(UUID.randomUUID());
      default -> StreamFixtures.alertReceived(Severity.P0);
    };
  }

  /** Publishes and waits; the seq of the batch's last event. */
  private static long await(EventPublisher publisher, List<IncidentEvent> batch) {
    try {
      List<EventEnvelope> sequenced =
          publisher
              .publish(batch, EventEnvelope.DEFAULT_TENANT)
              .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      return sequenced.get(sequenced.size() - 1).seq();
    } catch (Exception e) {
      throw new IllegalStateException("publishing failed", e);
    }
  }
}
