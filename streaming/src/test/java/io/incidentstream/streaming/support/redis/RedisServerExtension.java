package io.incidentstream.streaming.support.redis;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.opentest4j.TestAbortedException;

/**
 * A real {@code redis-server} process for a test class, on a free loopback port:
 *
 * <pre>
 * &#64;RegisterExtension static final RedisServerExtension REDIS = new RedisServerExtension();
 * </pre>
 *
 * The binary is the {@code redis-server} on {@code PATH}, else the one inside {@code
 * org.signal:embedded-redis} (see {@link RedisBinary}). AOF is on with {@code appendfsync always},
 * so {@link #stop()} (a kill -9) and {@link #start()} keep every write Redis acknowledged, like a
 * crashed and restarted production server. With the {@code REDIS_URI} environment variable set the
 * tests use that server instead and the fault-injection methods abort the calling test. Thread-safe
 * (synchronized).
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback {

  public static final String REDIS_URI_ENV = "REDIS_URI";

  /**
   * How the build hands {@code REDIS_URI} to the tests: the variable itself is kept out of the test
   * JVM, where Micronaut would read it as {@code redis.uri} in every application context.
   */
  static final String REDIS_URI_PROPERTY = "incidentstream.test.redis-uri";

  private static final String HOST = "127.0.0.1";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
  private static final Path LOG_DIR = Path.of("target", "redis");
  private static final int LOG_TAIL_LINES = 20;

  private final RedisBinary binary;
  private final URI external;
  private final Thread shutdownHook = new Thread(this::destroy, "redis-server-shutdown");
  private RedisBinary.Resolved resolved;
  private Process process;
  private Path dataDir;
  private Path logFile;
  private int port;
  private int users;

  public RedisServerExtension() {
    this(RedisBinary.ofThisMachine(), externalUri());
  }

  private static String externalUri() {
    String fromBuild = System.getProperty(REDIS_URI_PROPERTY);
    return fromBuild == null || fromBuild.isBlank() ? System.getenv(REDIS_URI_ENV) : fromBuild;
  }

  /** For the harness's own test: a given binary lookup and {@code REDIS_URI} value (or null). */
  RedisServerExtension(RedisBinary binary, String externalUri) {
    this.binary = binary;
    this.external = externalUri == null || externalUri.isBlank() ? null : URI.create(externalUri);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    open();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  /** {@code redis://127.0.0.1:<port>}, or the {@code REDIS_URI} of an external server. */
  public synchronized String uri() {
    return external != null ? external.toString() : "redis://" + HOST + ":" + port;
  }

  public synchronized int port() {
    if (external == null) {
      return port;
    }
    return external.getPort() < 0 ? 6379 : external.getPort();
  }

  /** False when {@code REDIS_URI} points at a server this extension does not run. */
  public boolean isManaged() {
    return external == null;
  }

  /** Kills the server with SIGKILL, as a crash would; the port is kept for {@link #start()}. */
  public synchronized void stop() {
    requireManaged("stop");
    process.destroyForcibly();
    awaitExit(process);
  }

  /** Starts the server again on the same port and data; returns once it answers PING. */
  public synchronized void start() {
    requireManaged("start");
    if (process.isAlive()) {
      throw new IllegalStateException("redis-server on port " + port + " is already running");
    }
    launch();
  }

  public void flushAll() {
    try (RespClient client = client()) {
      client.call("FLUSHALL");
    }
  }

  /** A new connection to the server (authenticated and on the right database for REDIS_URI). */
  public RespClient client() {
    RespClient client = RespClient.connect(host(), port());
    if (external != null) {
      prepareExternal(client);
    }
    return client;
  }

  /** Where the binary came from (PATH or the embedded jar); null for an external server. */
  synchronized RedisBinary.Source source() {
    return resolved == null ? null : resolved.source();
  }

  synchronized void open() {
    if (users++ > 0) {
      return;
    }
    if (external != null) {
      awaitPing();
      return;
    }
    resolved = binary.resolve();
    port = freePort();
    dataDir = createDataDir();
    logFile = LOG_DIR.resolve("redis-" + port + ".log");
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    launch();
  }

  synchronized void close() {
    if (--users > 0 || external != null) {
      return;
    }
    destroy();
    Runtime.getRuntime().removeShutdownHook(shutdownHook);
    deleteRecursively(dataDir);
  }

  private void launch() {
    ProcessBuilder builder =
        new ProcessBuilder(
                resolved.executable().toString(),
                "--port",
                Integer.toString(port),
                "--bind",
                HOST,
                "--save",
                "",
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                dataDir.toString(),
                "--daemonize",
                "no")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
    try {
      Files.createDirectories(LOG_DIR);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + resolved.executable(), e);
    }
    awaitPing();
  }

  private void awaitPing() {
    try {
      await()
          .atMost(STARTUP_TIMEOUT)
          .pollInSameThread()
          .pollInterval(Duration.ofMillis(20))
          .until(this::answersPing);
    } catch (ConditionTimeoutException e) {
      throw new IllegalStateException(
          "Redis at " + uri() + " did not answer PING within " + STARTUP_TIMEOUT + logTail(), e);
    }
  }

  private boolean answersPing() {
    if (process != null && !process.isAlive()) {
      throw new IllegalStateException(
          "redis-server exited with " + process.exitValue() + " on port " + port + logTail());
    }
    try (RespClient client = client()) {
      return "PONG".equals(client.call("PING"));
    } catch (UncheckedIOException | RespClient.ErrorReply e) {
      return false; // not listening yet, or still loading the AOF
    }
  }

  private void prepareExternal(RespClient client) {
    String userInfo = external.getUserInfo();
    if (userInfo != null) {
      int colon = userInfo.indexOf(':');
      if (colon <= 0) {
        client.call("AUTH", userInfo.substring(colon + 1));
      } else {
        client.call("AUTH", userInfo.substring(0, colon), userInfo.substring(colon + 1));
      }
    }
    String database = external.getPath() == null ? "" : external.getPath().replace("/", "");
    if (!database.isEmpty()) {
      client.call("SELECT", database);
    }
  }

  private String host() {
    return external != null ? external.getHost() : HOST;
  }

  private void requireManaged(String action) {
    if (external != null) {
      throw new TestAbortedException(
          "cannot " + action + " the external Redis at " + REDIS_URI_ENV + "=" + external);
    }
  }

  private synchronized void destroy() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      awaitExit(process);
    }
  }

  private String logTail() {
    if (logFile == null || !Files.exists(logFile)) {
      return "";
    }
    try (Stream<String> lines = Files.lines(logFile)) {
      List<String> all = lines.toList();
      List<String> tail = all.subList(Math.max(0, all.size() - LOG_TAIL_LINES), all.size());
      return "; last lines of " + logFile + ":\n" + String.join("\n", tail);
    } catch (IOException | UncheckedIOException e) {
      return "; cannot read " + logFile + ": " + e.getMessage();
    }
  }

  static void awaitExit(Process process) {
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for redis-server to exit", e);
    }
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free loopback port", e);
    }
  }

  static Path createDataDir() {
    try {
      return Files.createTempDirectory("redis-data-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a Redis data directory", e);
    }
  }

  static void deleteRecursively(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + dir, e);
    }
  }
}
