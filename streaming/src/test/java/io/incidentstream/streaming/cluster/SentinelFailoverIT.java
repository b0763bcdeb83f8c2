package io.incidentstream.streaming.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.domain.support.ReliabilityReport;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.TestEvents;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.cluster.ClusterFixture;
import io.incidentstream.streaming.support.cluster.ClusterInstance;
import io.incidentstream.streaming.support.redis.RedisFailoverGroup;
import io.incidentstream.streaming.support.redis.RespClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Redis failover under Sentinel, end to end: three instances reach Redis through a {@code
 * redis-sentinel://} URI naming three real sentinels; a master and its replica hold the stream.
 * While a producer publishes at a steady rate (each event with its own {@code message_id}, retried
 * until acknowledged) and resuming clients read, the replica's link is cut so the master
 * acknowledges writes the replica never gets, then the master is killed with SIGKILL. Sentinel
 * promotes the replica, the instances follow without a restart, and the clients resume with {@code
 * since}/{@code epoch}.
 *
 * <p>The new master lacks the last acknowledged writes, and its sequence counter is behind what the
 * clients saw. The test checks that every acknowledged event the new master kept reaches every
 * client, in seq order per connection, and that the clients are told ({@code recovered: false})
 * that the stream lost events, rather than new events silently reusing old seqs.
 */
class SentinelFailoverIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration PACE = Duration.ofMillis(25);
  private static final Duration GENEROUS = Duration.ofSeconds(90);
  private static final int BEFORE = 40;
  private static final int UNREPLICATED = 15;
  private static final int AFTER = 40;

  @Test
  void shouldFollowAFailoverAndTellClientsAboutWritesTheNewMasterLost() {
    String load = loadAverage();
    try (RedisFailoverGroup redis = RedisFailoverGroup.start();
        ClusterFixture cluster = ClusterFixture.builder(redis.uri()).instances(3).start();
        Producer producer = new Producer(cluster.instances())) {
      List<ResumingClient> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 3; i++) {
          clients.add(new ResumingClient(cluster.instances(), i));
        }
        run(redis, cluster, producer, clients, load);
      } finally {
        clients.forEach(ResumingClient::close);
      }
    }
  }

  private static void run(
      RedisFailoverGroup redis,
      ClusterFixture cluster,
      Producer producer,
      List<ResumingClient> clients,
      String load) {
    {
      producer.start();
      await().atMost(GENEROUS).until(() -> producer.acknowledged().size() >= BEFORE);
      awaitDelivered(clients, producer.acknowledged().keySet());

      redis.stallReplication();
      int atStall = producer.acknowledged().size();
      await()
          .atMost(GENEROUS)
          .until(() -> producer.acknowledged().size() >= atStall + UNREPLICATED);
      Set<UUID> beforeKill = Set.copyOf(producer.acknowledged().keySet());
      awaitDelivered(clients, beforeKill);

      Instant killedAt = Instant.now();
      long killNanos = System.nanoTime();
      redis.killMaster();
      redis.resumeReplica();
      Duration promotion = redis.awaitPromotion();
      await()
          .atMost(GENEROUS)
          .until(() -> cluster.instances().stream().allMatch(i -> i.readiness() == 200));
      Duration ready = Duration.ofNanos(System.nanoTime() - killNanos);
      int atFailover = producer.acknowledged().size();
      await().atMost(GENEROUS).until(() -> producer.acknowledged().size() >= atFailover + AFTER);
      Duration firstAck = producer.firstAckAfter(killNanos);
      producer.close();

      Map<UUID, Long> acknowledged = Map.copyOf(producer.acknowledged());
      Set<UUID> kept = historyOf(redis);
      Set<UUID> survived = new HashSet<>(acknowledged.keySet());
      survived.retainAll(kept);
      Set<UUID> lost = new HashSet<>(acknowledged.keySet());
      lost.removeAll(kept);

      for (ResumingClient client : clients) {
        client.resume();
      }
      awaitDelivered(clients, survived);

      assertThat(lost)
          .as("the injected fault: writes acknowledged while the replica was cut off")
          .isNotEmpty();
      assertThat(acknowledged.keySet()).containsAll(beforeKill);
      for (ResumingClient client : clients) {
        assertThat(client.outOfOrder()).as(client + ": seqs out of order").isEmpty();
        assertThat(client.received()).as(client + ": survivors delivered").containsAll(survived);
        assertThat(client.toldNotRecovered())
            .as(client + ": lost writes must be announced with recovered:false")
            .isTrue();
        assertThat(client.repeatedWithoutNotice())
            .as(client + ": repeats only in a replay announced with recovered:false")
            .isEmpty();
      }
      long reusedSeqs = reusedSeqs(acknowledged);
      assertThat(reusedSeqs).as("seqs acknowledged for two different events").isZero();
      assertThat(membersSeenSince(cluster.get(0), killedAt)).isEqualTo(3);
      List<Long> epochChanges =
          cluster.instances().stream()
              .map(i -> (long) i.counter(MetricNames.CLUSTER_EPOCH_CHANGES))
              .toList();

      report(
          load,
          producer,
          acknowledged,
          survived,
          lost,
          clients,
          promotion,
          ready,
          firstAck,
          redis.uri(),
          reusedSeqs,
          epochChanges);
    }
  }

  private static void awaitDelivered(List<ResumingClient> clients, Set<UUID> ids) {
    await("every client receives these " + ids.size() + " acknowledged events")
        .atMost(GENEROUS)
        .until(
            () ->
                clients.stream()
                    .allMatch(
                        client -> {
                          client.resumeIfClosed();
                          return client.received().containsAll(ids);
                        }));
  }

  /** The message ids in the new master's history stream. */
  private static Set<UUID> historyOf(RedisFailoverGroup redis) {
    Set<UUID> ids = new HashSet<>();
    try (RespClient client = redis.replicaClient()) {
      List<?> entries =
          (List<?>) client.call("XRANGE", ClusterFixture.KEY_PREFIX + ":history", "-", "+");
      for (Object entry : entries) {
        List<?> fields = (List<?>) ((List<?>) entry).get(1);
        ids.add(UUID.fromString(read((String) fields.get(1)).path("message_id").asText()));
      }
    }
    return ids;
  }

  /** Members whose {@code last_seen} is after {@code since}: they refreshed on the new master. */
  private static long membersSeenSince(ClusterInstance instance, Instant since) {
    await()
        .atMost(GENEROUS)
        .until(
            () -> {
              JsonNode members = read(instance.get("/api/v1/cluster/members").body());
              int fresh = 0;
              for (JsonNode member : members.path("instances")) {
                if (Instant.parse(member.path("last_seen").asText()).isAfter(since)) {
                  fresh++;
                }
              }
              return fresh == 3;
            });
    return 3;
  }

  private static void report(
      String load,
      Producer producer,
      Map<UUID, Long> acknowledged,
      Set<UUID> survived,
      Set<UUID> lost,
      List<ResumingClient> clients,
      Duration promotion,
      Duration ready,
      Duration firstAck,
      String uri,
      long reusedSeqs,
      List<Long> epochChanges) {
    List<List<?>> rows = new ArrayList<>();
    for (ResumingClient client : clients) {
      Set<UUID> lostDelivered = new HashSet<>(lost);
      lostDelivered.retainAll(client.received());
      rows.add(
          List.of(
              client.toString(),
              client.connections(),
              client.received().size(),
              survived.size() - missing(client, survived),
              lostDelivered.size(),
              client.notRecovered(),
              client.closedByServer(),
              String.join(" → ", client.epochs())));
    }
    String markdown =
        """
        Topology: one master, one replica, three `redis-server --sentinel` (quorum 2, \
        `down-after-milliseconds` %d), all real processes on loopback; three in-process \
        instances (production beans) with `redis.uri` `%s`. A producer posts one event every %d ms \
        round robin over the instances, each with its own `message_id`, retrying a refused or \
        unanswered post with the same id until a `202`. Three clients (one per instance, \
        filters `{}`) read and resume with `since`/`epoch`. CI-sized; load average %s.

        Injected: the replica stopped (SIGSTOP) and its replication link cut (`CLIENT KILL TYPE \
        replica`), %d writes acknowledged by the master alone, then the master killed \
        (SIGKILL) and the replica resumed.

        Failover: the sentinels named the promoted replica %d ms after the kill; all instances \
        ready again after %d ms, none of them restarted; first publish acknowledged on the new \
        master %d ms after the kill. Epoch changes counted by the instances \
        (`stream_cluster_epoch_changes_total`): %s.

        Published: %d posts, %d acknowledged (%d retried at least once); %d of the \
        acknowledged events are in the new master's history, **%d acknowledged events were \
        lost** with the old master (acknowledged but not replicated). Seqs acknowledged for two \
        different events: %d. Every client received every surviving acknowledged event, each \
        connection in `seq` order, and was told `recovered: false` on resume (the epochs it \
        saw are in the table).

        %s
        """
            .formatted(
                RedisFailoverGroup.DOWN_AFTER.toMillis(),
                uri.replaceAll("\\d{4,5}", "PORT"),
                PACE.toMillis(),
                load,
                lost.size(),
                promotion.toMillis(),
                ready.toMillis(),
                firstAck.toMillis(),
                epochChanges,
                producer.posts(),
                acknowledged.size(),
                producer.retried(),
                survived.size(),
                lost.size(),
                reusedSeqs,
                ReliabilityReport.table(
                    List.of(
                        "client",
                        "connections",
                        "events received (distinct)",
                        "survivors received",
                        "lost writes it had received live",
                        "told recovered:false",
                        "closed by the server",
                        "epochs (subscribed)"),
                    rows));
    ReliabilityReport.section("50-sentinel", "Redis failover under Sentinel", markdown);
  }

  /** Seqs that were acknowledged for more than one event. */
  private static long reusedSeqs(Map<UUID, Long> acknowledged) {
    return acknowledged.values().stream()
        .collect(Collectors.groupingBy(seq -> seq, Collectors.counting()))
        .values()
        .stream()
        .filter(count -> count > 1)
        .count();
  }

  private static int missing(ResumingClient client, Set<UUID> ids) {
    Set<UUID> missing = new HashSet<>(ids);
    missing.removeAll(client.received());
    return missing.size();
  }

  private static String loadAverage() {
    return String.format(
        "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  static JsonNode read(String json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Posts one event every {@link #PACE}, round robin over the instances, each event with its own
   * {@code message_id}; a post that is refused or fails is retried with the same id (to the next
   * instance) until it is acknowledged. One producer thread; readers any thread.
   */
  private static final class Producer implements AutoCloseable {
    private final List<ClusterInstance> targets;
    private final ScheduledExecutorService thread =
        Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "failover-producer"));
    private final Map<UUID, Long> acknowledged = new ConcurrentHashMap<>();
    private final Map<UUID, Long> ackNanos = new ConcurrentHashMap<>();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger retried = new AtomicInteger();
    private final AtomicLong next = new AtomicLong();
    private UUID pending = UUID.randomUUID();
    private boolean pendingRetried;

    Producer(List<ClusterInstance> targets) {
      this.targets = List.copyOf(targets);
    }

    void start() {
      thread.scheduleWithFixedDelay(this::post, 0, PACE.toNanos(), TimeUnit.NANOSECONDS);
    }

    Map<UUID, Long> acknowledged() {
      return acknowledged;
    }

    int posts() {
      return posts.get();
    }

    int retried() {
      return retried.get();
    }

    /** From {@code nanos} to the first acknowledgement after it. */
    Duration firstAckAfter(long nanos) {
      long first =
          ackNanos.values().stream().filter(t -> t - nanos > 0).min(Long::compare).orElseThrow();
      return Duration.ofNanos(first - nanos);
    }

    private void post() {
      long n = next.getAndIncrement();
      ClusterInstance target = targets.get((int) (n % targets.size()));
      posts.incrementAndGet();
      try {
        HttpResponse<String> response =
            target.ingest(TestEvents.systemJson("failover-" + pending, pending));
        if (response.statusCode() == 202) {
          acknowledged.put(pending, read(response.body()).path("seq").asLong());
          ackNanos.put(pending, System.nanoTime());
          pending = UUID.randomUUID();
          pendingRetried = false;
          return;
        }
      } catch (RuntimeException e) {
        // Unanswered: retried with the same message_id below.
      }
      if (!pendingRetried) {
        pendingRetried = true;
        retried.incrementAndGet();
      }
    }

    @Override
    public void close() {
      thread.shutdown();
      try {
        thread.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A client that reads everything ({@code filters {}}) and, when its connection closes or it is
   * told to, reconnects to the next instance and resumes with the last seq it saw and that seq's
   * epoch, as the README's resume contract says. It keeps what every connection received.
   */
  private static final class ResumingClient {
    private final List<ClusterInstance> instances;
    private final int index;
    private final List<Connection> connections = new ArrayList<>();
    private int next;

    ResumingClient(List<ClusterInstance> instances, int index) {
      this.instances = instances;
      this.index = index;
      this.next = index;
      connect(null, 0);
    }

    synchronized void resumeIfClosed() {
      if (current().ws.isClosed()) {
        resume();
      }
    }

    /** Closes the connection (if open) and resumes on the next instance. */
    synchronized void resume() {
      Connection last = current();
      if (!last.ws.isClosed()) {
        last.closedByUs = true;
        last.ws.close();
      }
      Connection withEvents = null;
      for (Connection connection : connections) {
        if (!connection.events().isEmpty()) {
          withEvents = connection;
        }
      }
      if (withEvents == null) {
        connect(null, 0);
        return;
      }
      List<JsonNode> events = withEvents.events();
      connect(withEvents.epoch(), events.get(events.size() - 1).path("seq").asLong());
    }

    private void connect(String epoch, long since) {
      ClusterInstance instance = instances.get(next++ % instances.size());
      WsTestClient ws = WsTestClient.connectAndAwaitWelcome(instance.uri());
      if (epoch == null) {
        ws.subscribe("all", "{}");
      } else {
        ws.subscribeSince("all", "{}", since, epoch);
      }
      ws.awaitType("subscribed");
      connections.add(new Connection(ws, epoch != null));
    }

    private Connection current() {
      return connections.get(connections.size() - 1);
    }

    synchronized Set<UUID> received() {
      Set<UUID> ids = new HashSet<>();
      for (Connection connection : connections) {
        for (JsonNode event : connection.events()) {
          ids.add(UUID.fromString(event.path("message_id").asText()));
        }
      }
      return ids;
    }

    /** Per connection, events whose seq is not above the one before. */
    synchronized List<String> outOfOrder() {
      List<String> problems = new ArrayList<>();
      for (Connection connection : connections) {
        long previous = Long.MIN_VALUE;
        for (JsonNode event : connection.events()) {
          long seq = event.path("seq").asLong();
          if (seq <= previous) {
            problems.add("seq " + seq + " after " + previous);
          }
          previous = seq;
        }
      }
      return problems;
    }

    /** Message ids received again on a connection that was not announced with recovered:false. */
    synchronized List<UUID> repeatedWithoutNotice() {
      Set<UUID> seen = new LinkedHashSet<>();
      List<UUID> repeated = new ArrayList<>();
      for (Connection connection : connections) {
        boolean announced = connection.notRecovered();
        for (JsonNode event : connection.events()) {
          UUID id = UUID.fromString(event.path("message_id").asText());
          if (!seen.add(id) && !announced) {
            repeated.add(id);
          }
        }
      }
      return repeated;
    }

    synchronized boolean toldNotRecovered() {
      return notRecovered() > 0;
    }

    synchronized long notRecovered() {
      return connections.stream().filter(Connection::notRecovered).count();
    }

    synchronized long closedByServer() {
      return connections.stream().filter(c -> c.ws.isClosed() && !c.closedByUs).count();
    }

    synchronized void close() {
      current().ws.close();
    }

    /** The epochs its {@code subscribed} answers named, in order, each once. */
    synchronized List<String> epochs() {
      Set<String> epochs = new LinkedHashSet<>();
      for (Connection connection : connections) {
        epochs.add(connection.epoch());
      }
      return List.copyOf(epochs);
    }

    synchronized int connections() {
      return connections.size();
    }

    @Override
    public String toString() {
      return "client-" + index;
    }

    private static final class Connection {
      final WsTestClient ws;
      final boolean resumed;
      boolean closedByUs;

      Connection(WsTestClient ws, boolean resumed) {
        this.ws = ws;
        this.resumed = resumed;
      }

      List<JsonNode> events() {
        return ws.events();
      }

      String epoch() {
        return ws.awaitType("subscribed").path("epoch").asText();
      }

      boolean notRecovered() {
        JsonNode subscribed = ws.awaitType("subscribed");
        return resumed && !subscribed.path("recovered").asBoolean(true);
      }
    }
  }
}
