package io.incidentstream.app.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.domain.support.ReliabilityReport;
import io.incidentstream.streaming.support.redis.RedisServerExtension;
import io.incidentstream.streaming.support.redis.RespClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults under a steady stream, with three instances of the built jar (each its own JVM) sharing a
 * real {@code redis-server} (AOF, {@code appendfsync always}, as the README recommends when a crash
 * of Redis must not lose acknowledged writes): Redis killed and restarted, Redis frozen with
 * SIGSTOP and thawed, an instance stopped with SIGTERM, an instance killed with SIGKILL, and Redis
 * killed and restarted with older data than it acknowledged (its AOF switched off a few seconds
 * before: what an OS crash under {@code appendfsync everysec}, a restore from an RDB snapshot or a
 * failover to a replica that lacked the last writes also do). In each, clients that speak the wire
 * protocol themselves resume with {@code since} and {@code epoch} on any close, and an idempotent
 * producer retries every failed publish with the same {@code message_id}; every acknowledged event
 * must reach every client once, in seq order. Writes section {@code 40-faults} of the reliability
 * report.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {

  @RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();

  private static final int INSTANCES = 3;
  private static final int CLIENTS_PER_INSTANCE = 2;
  private static final int EVENTS_BEFORE_FAULT = 40;
  private static final int EVENTS_FORGOTTEN = 20;

  private static final List<FaultAccount> ACCOUNTS = new ArrayList<>();
  private static final List<String> NOTES = new ArrayList<>();
  private static AppCluster cluster;
  private static String loadAtStart;
  private static long startedNanos;

  @BeforeAll
  static void startCluster() {
    startedNanos = System.nanoTime();
    loadAtStart = loadAverage();
    cluster = AppCluster.start(REDIS.uri(), INSTANCES);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
    writeReport();
  }

  @BeforeEach
  void allInstancesUp() {
    cluster.restartStopped();
    cluster.awaitAllReady();
  }

  @Test
  @Order(1)
  void shouldDeliverEveryAcknowledgedEventWhenRedisIsKilledAndRestarted() {
    try (FaultRun run = FaultRun.start("Redis SIGKILL, restarted", cluster, CLIENTS_PER_INSTANCE)) {
      run.awaitAcknowledged(EVENTS_BEFORE_FAULT);

      outage(run, REDIS::stop, REDIS::start);
    }
  }

  @Test
  @Order(2)
  void shouldNeitherDuplicateNorSkipWhenRedisIsFrozenAndThawed() {
    Assumptions.assumeTrue(REDIS.isManaged(), "needs a redis-server of its own to freeze");
    long pid;
    try (RespClient client = REDIS.client()) {
      pid = ProcessSignals.redisPid(client);
    }
    try (FaultRun run =
        FaultRun.start("Redis SIGSTOP, then SIGCONT", cluster, CLIENTS_PER_INSTANCE)) {
      run.awaitAcknowledged(EVENTS_BEFORE_FAULT);

      // Frozen past the bus heartbeat timeout: the instances see it and resubscribe.
      outage(run, () -> ProcessSignals.stop(pid), () -> ProcessSignals.resume(pid));
    }
  }

  @Test
  @Order(3)
  void shouldResumeElsewhereWithoutAGapWhenAnInstanceStopsGracefully() {
    AppInstance victim = cluster.get(0);
    try (FaultRun run =
        FaultRun.start("instance SIGTERM (graceful stop)", cluster, CLIENTS_PER_INSTANCE)) {
      List<ResumingClient> moved = run.clientsFirstOn(victim.wsUri());
      run.awaitAcknowledged(EVENTS_BEFORE_FAULT);

      int exit = victim.terminate();
      NOTES.add(victim.id() + " exited with status " + exit + " after SIGTERM");
      await()
          .atMost(FaultRun.CATCH_UP)
          .until(() -> moved.stream().allMatch(c -> c.reconnects() > 0 && c.isSubscribed()));

      FaultAccount account = record(run.finish());
      account.assertNothingLost();
      for (ResumingClient client : moved) {
        assertThat(client.told())
            .as("%s was told to go", client)
            .containsKeys("closing: server shutting down", "close 1001");
        assertThat(client.recovered()).as("%s resumed", client).isNotEmpty().containsOnly(true);
      }
    }
  }

  @Test
  @Order(4)
  void shouldResumeElsewhereWithoutLosingAnythingAcknowledgedWhenAnInstanceIsKilled() {
    AppInstance victim = cluster.get(1);
    try (FaultRun run = FaultRun.start("instance SIGKILL", cluster, CLIENTS_PER_INSTANCE)) {
      List<ResumingClient> moved = run.clientsFirstOn(victim.wsUri());
      run.awaitAcknowledged(EVENTS_BEFORE_FAULT);

      victim.kill();
      await()
          .atMost(FaultRun.CATCH_UP)
          .until(() -> moved.stream().allMatch(c -> c.reconnects() > 0 && c.isSubscribed()));

      FaultAccount account = record(run.finish());
      account.assertNothingLost();
      for (ResumingClient client : moved) {
        assertThat(client.recovered()).as("%s resumed", client).isNotEmpty().containsOnly(true);
      }
    }
  }

  @Test
  @Order(5)
  void shouldDeliverEveryAcknowledgedEventWhenRedisComesBackWithOlderData() {
    Assumptions.assumeTrue(REDIS.isManaged(), "needs a redis-server of its own to roll back");
    try (FaultRun run =
        FaultRun.start(
            "Redis SIGKILL, restarted with the data of seconds earlier (AOF off meanwhile)",
            cluster,
            CLIENTS_PER_INSTANCE)) {
      String before = run.clients().get(0).epoch();
      run.awaitAcknowledged(EVENTS_BEFORE_FAULT);

      // From here on Redis acknowledges writes it will not have after the restart.
      try (RespClient redis = REDIS.client()) {
        redis.call("CONFIG", "SET", "appendonly", "no");
      }
      int durable = run.producer().acknowledged();
      run.awaitAcknowledged(durable + EVENTS_FORGOTTEN);
      int forgotten = run.producer().acknowledged() - durable;
      REDIS.stop();
      REDIS.start();
      cluster.awaitAllReady();

      FaultAccount account = record(run.finish());
      account.assertNothingLost();
      String after = currentEpoch();
      NOTES.add(
          "Redis rolled back: "
              + forgotten
              + " acknowledged events (at least) were no longer in Redis after its restart, epoch "
              + before
              + " became "
              + after);
      assertThat(after).as("the stream moved to a new epoch").isNotEqualTo(before);
    }
  }

  /** The epoch a client subscribing now is told. */
  /**
   * A Redis outage during the run: begins it, holds it until every instance reports not ready and
   * the producer's publishes fail, ends it, and checks that the clients kept their connections and
   * lost nothing acknowledged.
   */
  private static void outage(FaultRun run, Runnable begin, Runnable end) {
    begin.run();
    try {
      await()
          .atMost(FaultRun.CATCH_UP)
          .until(() -> cluster.live().stream().allMatch(i -> i.readiness() == 503));
      await().atMost(FaultRun.CATCH_UP).until(() -> run.producer().failedAttempts() > 0);
    } finally {
      end.run();
    }
    cluster.awaitAllReady();

    FaultAccount account = record(run.finish());
    account.assertNothingLost();
    assertThat(account.reconnects()).as("clients keep their connections").isZero();
  }

  private static String currentEpoch() {
    AppInstance any = cluster.live().get(0);
    try (ResumingClient probe =
        ResumingClient.connect(
            "epoch-probe", any.wsUri(), () -> List.of(any.wsUri()), cluster.viewerToken())) {
      await().atMost(FaultRun.CATCH_UP).until(probe::isSubscribed);
      return probe.epoch();
    }
  }

  private static synchronized FaultAccount record(FaultAccount account) {
    ACCOUNTS.add(account);
    return account;
  }

  private static synchronized void writeReport() {
    if (ACCOUNTS.isEmpty()) {
      return;
    }
    long seconds = java.time.Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds();
    List<List<Object>> rows = ACCOUNTS.stream().map(FaultAccount::row).toList();
    String body =
        """
        CI-sized (`FaultsIT`, in `./mvnw verify`): %d instances of the built jar, each its own JVM
        (`-Xmx256m`), on one real `redis-server` with AOF and `appendfsync always`; %d clients per
        instance that speak the `/ws` protocol themselves, subscribe to everything, and on any close
        or error reconnect to another live instance with `since` and `epoch`; one producer posting a
        `system_event` with its own `message_id` every %d ms across the live instances, retrying
        every failed attempt with the same `message_id` until it is acknowledged. Each fault is
        injected once %d events are acknowledged; the producer goes on until %d more are
        acknowledged after recovery. "Lost" counts, over all clients, acknowledged events (by
        `message_id`) a client did not get; "duplicates" events a client got at or below a seq it
        already had; "seqs acknowledged twice" a seq the producer was given for two different
        events. The last row makes Redis forget its last writes: `CONFIG SET appendonly no` once %d
        events are acknowledged, then SIGKILL and a restart, which loads the AOF as it was when it
        was switched off (the epoch key included), as a restart from an RDB snapshot or a failover to
        a replica that lacked the last writes would; the stream then moves to a new epoch above the
        seqs delivered.

        %s
        %s
        Whole run %d s (instances' start included), load average %s at the start, %s at the end
        (a shared 2-core machine).
        """
            .formatted(
                INSTANCES,
                CLIENTS_PER_INSTANCE,
                FaultRun.PACE.toMillis(),
                EVENTS_BEFORE_FAULT,
                FaultRun.EVENTS_AFTER_RECOVERY,
                EVENTS_BEFORE_FAULT,
                ReliabilityReport.table(FaultAccount.HEADER, rows),
                NOTES.isEmpty() ? "" : "\n" + String.join("; ", NOTES) + ".\n",
                seconds,
                loadAtStart,
                loadAverage());
    ReliabilityReport.section("40-faults", "Faults: Redis and instances, 3 instances", body);
  }

  private static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException | RuntimeException e) {
      return "(unknown)";
    }
  }
}
