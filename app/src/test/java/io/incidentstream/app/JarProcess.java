package io.incidentstream.app;

import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The built jar ({@code target/incident-stream.jar}) run as its own process, as the README tells
 * users to, with its output captured line by line. Thread-safe.
 */
public final class JarProcess implements AutoCloseable {

  static final Path JAR = Path.of("target", "incident-stream.jar");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final Process process;
  private final List<String> lines = new CopyOnWriteArrayList<>();
  private final Thread reader;

  private JarProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::readOutput, "jar-output");
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts {@code builder} as it is set up, with its error output merged into the lines read. */
  public static JarProcess of(ProcessBuilder builder) {
    try {
      return new JarProcess(builder.redirectErrorStream(true).start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Starts the jar with {@code args} and the environment plus {@code env}, minus the security,
   * Redis and tracing variables a developer's shell may hold.
   */
  public static JarProcess start(Map<String, String> env, String... args) {
    if (!Files.exists(JAR)) {
      throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run ./mvnw package");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    Map<String, String> environment = builder.environment();
    List.of(
            "JWT_SECRET",
            "JWKS_URL",
            "REDIS_URI",
            "STREAM_SECURITY_JWT_SECRET",
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        .forEach(environment::remove);
    environment.put("PORT", "-1");
    environment.putAll(env);
    return of(builder);
  }

  private void readOutput() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lines.add(line);
      }
    } catch (IOException closed) {
      // the process is gone
    }
  }

  /** Waits for the first output line that matches. */
  public String awaitLine(Predicate<String> condition) {
    await()
        .atMost(TIMEOUT)
        .failFast("the process exited: " + lines, () -> !process.isAlive())
        .until(() -> lines.stream().anyMatch(condition));
    return lines.stream().filter(condition).findFirst().orElseThrow();
  }

  /**
   * Waits for the process to end by itself and returns its exit status; by then {@link #lines()}
   * holds all it printed.
   */
  public int awaitExit() {
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("still running after " + TIMEOUT + ": " + lines);
      }
      reader.join(TimeUnit.SECONDS.toMillis(10));
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL (on Unix): the process dies at once, without its shutdown hooks or a close frame. */
  public void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("still running after SIGKILL: " + process.pid());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public Process process() {
    return process;
  }

  public List<String> lines() {
    return List.copyOf(lines);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
