package io.incidentstream.app.faults;

import io.incidentstream.app.FreePort;
import io.incidentstream.app.JarProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One instance of the built jar in its own JVM, on a fixed port so that it can be started again
 * where its clients look for it. Stopped with SIGTERM ({@link #terminate()}, a graceful shutdown)
 * or SIGKILL ({@link #kill()}). Its output is kept in memory and written to {@code
 * target/faults/<id>-<n>.log} when the process ends. Thread-safe (synchronized).
 */
public final class AppInstance {

  static final Path LOG_DIR = Path.of("target", "faults");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(60);

  private final String id;
  private int port;
  private final Map<String, String> env;
  private JarProcess process;
  private int starts;

  AppInstance(String id, int port, Map<String, String> env) {
    this.id = id;
    this.port = port;
    this.env = new HashMap<>(env);
    this.env.put("PORT", Integer.toString(port));
    this.env.put("STREAM_INSTANCE_ID", id);
  }

  /**
   * Launches the JVM again on another free port, after it could not bind its own: a free port
   * looked up before a JVM starts may be taken (say, as the local port of an outgoing connection)
   * before the JVM binds it. Clients find the instance through {@link #wsUri()} at each reconnect.
   */
  synchronized void launchOnAnotherPort() {
    port = FreePort.next();
    env.put("PORT", Integer.toString(port));
    launch();
  }

  /** The last JVM exited because its port was taken (its output read to the end meanwhile). */
  boolean lostItsPort() {
    if (isAlive()) {
      return false;
    }
    try {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> lines().stream().anyMatch(l -> l.contains("Address already in use")));
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException e) {
      return false;
    }
  }

  /** Launches the JVM (without waiting for it to serve). */
  synchronized void launch() {
    if (isAlive()) {
      throw new IllegalStateException(id + " is already running");
    }
    starts++;
    process = JarProcess.start(env);
  }

  /** SIGTERM, then waits for the JVM to exit by itself; returns its exit status. */
  public int terminate() {
    JarProcess running = current();
    running.process().destroy();
    return awaitExit(running);
  }

  /** SIGKILL: the JVM dies at once, without a close frame or its shutdown hooks. */
  public void kill() {
    JarProcess running = current();
    running.kill();
    saveLog(running);
  }

  public synchronized boolean isAlive() {
    return process != null && process.process().isAlive();
  }

  public String id() {
    return id;
  }

  public synchronized URI httpUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public synchronized URI wsUri() {
    return URI.create("ws://127.0.0.1:" + port + "/ws");
  }

  /** Status of {@code GET /health/readiness}, or -1 when nothing answers. */
  public int readiness() {
    try {
      HttpRequest request =
          HttpRequest.newBuilder(httpUri().resolve("/health/readiness"))
              .timeout(Duration.ofSeconds(5))
              .GET()
              .build();
      return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException e) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** Everything the current (or last) JVM printed so far. */
  public synchronized java.util.List<String> lines() {
    return process == null ? java.util.List.of() : process.lines();
  }

  /** Ends the JVM if it still runs (SIGTERM, SIGKILL after a grace). */
  synchronized void close() {
    if (process == null) {
      return;
    }
    process.close();
    saveLog(process);
  }

  @Override
  public synchronized String toString() {
    return id + "@" + port;
  }

  private synchronized JarProcess current() {
    if (process == null) {
      throw new IllegalStateException(id + " was never started");
    }
    return process;
  }

  private int awaitExit(JarProcess running) {
    try {
      if (!running.process().waitFor(EXIT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError(id + " still runs " + EXIT_TIMEOUT + " after SIGTERM");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    saveLog(running);
    return running.process().exitValue();
  }

  private synchronized void saveLog(JarProcess ended) {
    try {
      Files.createDirectories(LOG_DIR);
      Files.write(LOG_DIR.resolve(id + "-" + starts + ".log"), ended.lines());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot save the output of " + id, e);
    }
  }
}
