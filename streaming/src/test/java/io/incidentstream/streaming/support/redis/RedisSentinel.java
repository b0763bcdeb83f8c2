package io.incidentstream.streaming.support.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A real Redis Sentinel ({@code redis-server --sentinel}, the binary {@link RedisServerExtension}
 * runs) on a free loopback port, watching one master, for the tests of {@code redis-sentinel://}
 * URIs. Close it to stop it and delete its directory.
 */
public final class RedisSentinel implements AutoCloseable {

  /** The master's name, as {@code redis-sentinel://host:port#mymaster} asks for it. */
  public static final String MASTER = "mymaster";

  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

  private final Process process;
  private final Path dir;
  private final int port;

  private RedisSentinel(Process process, Path dir, int port) {
    this.process = process;
    this.dir = dir;
    this.port = port;
  }

  /** Starts a sentinel watching the master on loopback port {@code masterPort}, on its own. */
  public static RedisSentinel watching(int masterPort) {
    return watching(masterPort, 1, List.of());
  }

  /**
   * Starts a sentinel watching the master on loopback port {@code masterPort}, one of a group that
   * needs {@code quorum} of them to agree the master is down; {@code settings} are further {@code
   * sentinel ...} lines (say, {@code down-after-milliseconds}) for that master.
   */
  static RedisSentinel watching(int masterPort, int quorum, List<String> settings) {
    Path dir = RedisServerExtension.createDataDir();
    int port = RedisServerExtension.freePort();
    Path config = dir.resolve("sentinel.conf");
    Process process;
    try {
      // The sentinel rewrites its configuration file: it must be its own, and writable.
      Files.writeString(
          config,
          String.join(
              "\n",
              "port " + port,
              "bind " + HOST,
              "daemonize no",
              "dir " + dir,
              "sentinel monitor " + MASTER + " " + HOST + " " + masterPort + " " + quorum,
              settings.stream()
                  .map(setting -> "sentinel " + setting.replace("{master}", MASTER))
                  .collect(Collectors.joining("\n")),
              ""));
      process =
          new ProcessBuilder(
                  RedisBinary.ofThisMachine().resolve().executable().toString(),
                  config.toString(),
                  "--sentinel")
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("sentinel.log").toFile())
              .start();
    } catch (IOException e) {
      RedisServerExtension.deleteRecursively(dir);
      throw new UncheckedIOException("cannot start a Redis sentinel", e);
    }
    RedisSentinel sentinel = new RedisSentinel(process, dir, port);
    try {
      await()
          .atMost(STARTUP_TIMEOUT)
          .ignoreExceptions()
          .until(
              () -> sentinel.masterAddress().equals(List.of(HOST, Integer.toString(masterPort))));
    } catch (RuntimeException notWatching) {
      sentinel.close();
      throw notWatching;
    }
    return sentinel;
  }

  /** The URI a client gives to reach the master through this sentinel. */
  public String uri() {
    return "redis-sentinel://" + HOST + ":" + port + "#" + MASTER;
  }

  /** The sentinel's loopback port. */
  public int port() {
    return port;
  }

  /** What the sentinel answers to {@code SENTINEL get-master-addr-by-name}: host and port. */
  public List<?> masterAddress() {
    return (List<?>) call("SENTINEL", "get-master-addr-by-name", MASTER);
  }

  /** One command to this sentinel, on a connection of its own. */
  public Object call(String... command) {
    try (RespClient client = RespClient.connect(HOST, port)) {
      return client.call(command);
    }
  }

  @Override
  public void close() {
    process.destroyForcibly();
    RedisServerExtension.awaitExit(process);
    RedisServerExtension.deleteRecursively(dir);
  }
}
