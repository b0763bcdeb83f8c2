package io.incidentstream.app;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The production jar and the load generator ({@code perf/target/loadgen.jar}), each in its own JVM
 * as {@code perf/load.sh} runs them, with their output in files under {@code target/load} (a storm
 * logs tens of thousands of session lines). One rig per test; not thread-safe.
 */
final class LoadRig implements AutoCloseable {

  static final Path LOADGEN = Path.of("..", "perf", "target", "loadgen.jar");
  private static final Path DIR = Path.of("target", "load");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

  private final String name;
  private final String secret;
  private final int port = FreePort.next();
  private final List<Process> processes = new ArrayList<>();
  private Process server;

  LoadRig(String name) {
    this.name = name;
    byte[] key = new byte[32];
    ThreadLocalRandom.current().nextBytes(key);
    this.secret = Base64.getEncoder().encodeToString(key);
    if (!Files.exists(JarProcess.JAR) || !Files.exists(LOADGEN)) {
      throw new IllegalStateException(
          JarProcess.JAR.toAbsolutePath()
              + " or "
              + LOADGEN.toAbsolutePath()
              + " is missing: run ./mvnw package");
    }
    try {
      Files.createDirectories(DIR);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Starts the production jar with small JVM flags and {@code env}; returns once it listens. */
  Process startServer(Map<String, String> env, String... jvmFlags) {
    List<String> command = new ArrayList<>(List.of(java()));
    command.addAll(List.of(jvmFlags));
    command.addAll(List.of("-jar", JarProcess.JAR.toString()));
    ProcessBuilder builder = builder(command, serverLog());
    builder.environment().putAll(env);
    server = start(builder);
    await()
        .atMost(START_TIMEOUT)
        .failFast("the server exited; see " + serverLog(), () -> !server.isAlive())
        .until(this::listening);
    return server;
  }

  /** Runs the load generator against the server; returns its JSON report, or fails with its log. */
  JsonNode runLoadGenerator(Duration timeout, String... args) {
    Path json = DIR.resolve(name + ".json").toAbsolutePath();
    List<String> command =
        new ArrayList<>(
            List.of(java(), "-Xms512m", "-Xmx512m", "-XX:+UseG1GC", "-jar", LOADGEN.toString()));
    command.addAll(
        List.of(
            "--target",
            "http://127.0.0.1:" + port,
            "--server-pid",
            Long.toString(server.pid()),
            "--json",
            json.toString()));
    command.addAll(List.of(args));
    Path log = DIR.resolve(name + "-loadgen.log");
    Process generator = start(builder(command, log));
    try {
      if (!generator.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        generator.destroyForcibly();
        throw new AssertionError("the load generator ran past " + timeout + "; see " + log);
      }
      if (generator.exitValue() != 0) {
        throw new AssertionError(
            "the load generator failed (" + generator.exitValue() + "): " + Files.readString(log));
      }
      return new ObjectMapper().readTree(json.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean serverAlive() {
    return server.isAlive() && listening();
  }

  /** Every line the server logged so far. */
  List<String> serverLines() {
    try {
      return Files.readAllLines(serverLog());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path serverLog() {
    return DIR.resolve(name + "-server.log");
  }

  private boolean listening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private ProcessBuilder builder(List<String> command, Path log) {
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    Map<String, String> environment = builder.environment();
    List.of("JWKS_URL", "REDIS_URI", "STREAM_SECURITY_JWT_SECRET", "OTEL_EXPORTER_OTLP_ENDPOINT")
        .forEach(environment::remove);
    environment.put("JWT_SECRET", secret);
    environment.put("PORT", Integer.toString(port));
    return builder;
  }

  private Process start(ProcessBuilder builder) {
    try {
      Process process = builder.start();
      processes.add(process);
      return process;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String java() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  @Override
  public void close() {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
