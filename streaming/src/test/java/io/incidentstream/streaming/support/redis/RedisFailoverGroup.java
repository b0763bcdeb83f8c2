package io.incidentstream.streaming.support.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A highly available Redis as Sentinel runs it, all real processes of the binary {@link
 * RedisServerExtension} runs, on loopback: a master, one replica of it, and three sentinels that
 * need two of them to agree the master is down ({@code down-after-milliseconds} {@link
 * #DOWN_AFTER}). Clients reach the master through {@link #uri()}, a {@code redis-sentinel://} URI
 * naming all three sentinels. Faults come from outside: {@link #killMaster()} (SIGKILL), {@link
 * #stallReplication()} (the replica stopped with SIGSTOP and its link to the master cut, so the
 * master acknowledges writes the replica never gets). Close it to stop everything and delete the
 * data directories. Not thread-safe: one test thread.
 */
public final class RedisFailoverGroup implements AutoCloseable {

  /** How long the sentinels wait before they call an unanswering master down. */
  public static final Duration DOWN_AFTER = Duration.ofMillis(1000);

  private static final String HOST = "127.0.0.1";
  private static final int SENTINELS = 3;
  private static final int QUORUM = 2;
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration FAILOVER_TIMEOUT = Duration.ofSeconds(60);

  private final Server master;
  private final Server replica;
  private final List<RedisSentinel> sentinels = new ArrayList<>();
  private boolean replicaStopped;

  private RedisFailoverGroup(Server master, Server replica) {
    this.master = master;
    this.replica = replica;
  }

  /** Starts the master, the replica and the sentinels; returns once the sentinels know them all. */
  public static RedisFailoverGroup start() {
    Server master = Server.launch(List.of());
    RedisFailoverGroup group = null;
    try {
      Server replica = Server.launch(List.of("--replicaof", HOST, Integer.toString(master.port)));
      group = new RedisFailoverGroup(master, replica);
      group.awaitReplicaInSync();
      for (int i = 0; i < SENTINELS; i++) {
        group.sentinels.add(
            RedisSentinel.watching(
                master.port,
                QUORUM,
                List.of(
                    "down-after-milliseconds {master} " + DOWN_AFTER.toMillis(),
                    "failover-timeout {master} 10000",
                    "parallel-syncs {master} 1")));
      }
      group.awaitSentinelsAgree();
      return group;
    } catch (RuntimeException e) {
      if (group != null) {
        group.close();
      } else {
        master.stop();
      }
      throw e;
    }
  }

  /** {@code redis-sentinel://} naming every sentinel and the master, as production gives it. */
  public String uri() {
    return "redis-sentinel://"
        + sentinels.stream()
            .map(sentinel -> HOST + ":" + sentinel.port())
            .collect(Collectors.joining(","))
        + "#"
        + RedisSentinel.MASTER;
  }

  public int masterPort() {
    return master.port;
  }

  public int replicaPort() {
    return replica.port;
  }

  /** A new connection to the first master (whatever its role by now). */
  public RespClient masterClient() {
    return RespClient.connect(HOST, master.port);
  }

  /** A new connection to the replica (the master after a failover). */
  public RespClient replicaClient() {
    return RespClient.connect(HOST, replica.port);
  }

  /**
   * Stops the replica (SIGSTOP) and makes the master drop its replication link, so every write the
   * master acknowledges from now on stays on the master alone; the stopped replica cannot
   * reconnect. {@link #killMaster()} then loses those writes; {@link #resumeReplica()} lets it run
   * again.
   */
  public void stallReplication() {
    signal(replica.process, "STOP");
    replicaStopped = true;
    try (RespClient client = masterClient()) {
      client.call("CLIENT", "KILL", "TYPE", "replica");
    }
    await()
        .atMost(STARTUP_TIMEOUT)
        .until(() -> infoField(masterClient(), "replication", "connected_slaves").equals("0"));
  }

  /** Lets a replica stopped by {@link #stallReplication()} run again (SIGCONT). */
  public void resumeReplica() {
    signal(replica.process, "CONT");
    replicaStopped = false;
  }

  /** The master crashes: SIGKILL, nothing flushed, no goodbye to the replica or the clients. */
  public void killMaster() {
    master.kill();
  }

  /**
   * Waits until every sentinel names the replica as the master and the replica says it is one;
   * returns how long that took from the call.
   */
  public Duration awaitPromotion() {
    long start = System.nanoTime();
    List<String> promoted = List.of(HOST, Integer.toString(replica.port));
    await()
        .atMost(FAILOVER_TIMEOUT)
        .ignoreExceptions()
        .until(
            () ->
                sentinels.stream().allMatch(sentinel -> sentinel.masterAddress().equals(promoted))
                    && infoField(replicaClient(), "replication", "role").equals("master"));
    return Duration.ofNanos(System.nanoTime() - start);
  }

  @Override
  public void close() {
    if (replicaStopped) {
      resumeReplica();
    }
    sentinels.forEach(RedisSentinel::close);
    replica.stop();
    master.stop();
  }

  private void awaitReplicaInSync() {
    await()
        .atMost(STARTUP_TIMEOUT)
        .ignoreExceptions()
        .until(() -> infoField(replicaClient(), "replication", "master_link_status").equals("up"));
  }

  /** Every sentinel sees the replica and the two other sentinels, so a failover can be agreed. */
  private void awaitSentinelsAgree() {
    await()
        .atMost(STARTUP_TIMEOUT)
        .ignoreExceptions()
        .until(
            () ->
                sentinels.stream()
                    .allMatch(
                        sentinel ->
                            ((List<?>) sentinel.call("SENTINEL", "replicas", RedisSentinel.MASTER))
                                        .size()
                                    == 1
                                && ((List<?>)
                                            sentinel.call(
                                                "SENTINEL", "sentinels", RedisSentinel.MASTER))
                                        .size()
                                    == SENTINELS - 1));
  }

  /** One field of {@code INFO section}; closes {@code client}. */
  static String infoField(RespClient client, String section, String field) {
    try (client) {
      String info = (String) client.call("INFO", section);
      Map<String, String> fields =
          info.lines()
              .filter(line -> line.contains(":"))
              .collect(
                  Collectors.toMap(
                      line -> line.substring(0, line.indexOf(':')),
                      line -> line.substring(line.indexOf(':') + 1).trim(),
                      (a, b) -> b));
      return fields.getOrDefault(field, "");
    }
  }

  private static void signal(Process process, String signal) {
    try {
      Process kill =
          new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid()))
              .redirectErrorStream(true)
              .start();
      if (kill.waitFor() != 0) {
        throw new IllegalStateException(
            "kill -"
                + signal
                + " "
                + process.pid()
                + " failed: "
                + new String(kill.getInputStream().readAllBytes()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run kill", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling redis-server", e);
    }
  }

  /** One redis-server process on a free loopback port with a data directory of its own. */
  private static final class Server {
    final Process process;
    final Path dir;
    final int port;

    private Server(Process process, Path dir, int port) {
      this.process = process;
      this.dir = dir;
      this.port = port;
    }

    static Server launch(List<String> extra) {
      Path dir = RedisServerExtension.createDataDir();
      int port = RedisServerExtension.freePort();
      List<String> command =
          new ArrayList<>(
              List.of(
                  RedisBinary.ofThisMachine().resolve().executable().toString(),
                  "--port",
                  Integer.toString(port),
                  "--bind",
                  HOST,
                  "--save",
                  "",
                  "--appendonly",
                  "no",
                  "--dir",
                  dir.toString(),
                  "--daemonize",
                  "no"));
      command.addAll(extra);
      Process process;
      try {
        Files.createDirectories(Path.of("target", "redis"));
        process =
            new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(
                    ProcessBuilder.Redirect.appendTo(
                        Path.of("target", "redis", "failover-" + port + ".log").toFile()))
                .start();
      } catch (IOException e) {
        RedisServerExtension.deleteRecursively(dir);
        throw new UncheckedIOException("cannot start redis-server", e);
      }
      Server server = new Server(process, dir, port);
      try {
        await()
            .atMost(STARTUP_TIMEOUT)
            .ignoreExceptions()
            .until(() -> "PONG".equals(server.ping()));
      } catch (RuntimeException e) {
        server.stop();
        throw e;
      }
      return server;
    }

    Object ping() {
      try (RespClient client = RespClient.connect(HOST, port)) {
        return client.call("PING");
      }
    }

    void kill() {
      process.destroyForcibly();
      RedisServerExtension.awaitExit(process);
    }

    void stop() {
      if (process.isAlive()) {
        kill();
      }
      RedisServerExtension.deleteRecursively(dir);
    }
  }
}
