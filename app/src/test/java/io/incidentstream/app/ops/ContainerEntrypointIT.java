package io.incidentstream.app.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.incidentstream.app.JarProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server starts exactly as its container would (issue 13): ops/Dockerfile's exec-form
 * entrypoint, JVM flags, environment and user, read from the Dockerfile, run on the built jar. The
 * container's paths map to this machine: {@code java} to this JDK; the working directory {@code
 * /app} to a read-only directory holding, read-only, what the image copies there (the built jar and
 * ops/healthcheck.sh); {@code /tmp} (the container's only writable path) to a scratch directory.
 * When the build runs as root, the server runs under {@code setpriv} as the image's uid and gid (if
 * that user can run this JDK), so the read-only directory is really read-only to it. Then:
 * readiness UP, the image's health check passes, a WebSocket session with a token minted by the
 * same command receives a published event, and SIGTERM (the image's STOPSIGNAL) drains: {@code
 * closing}, close 1001, exit 143 before compose's stop_grace_period would have the engine send
 * SIGKILL.
 */
class ContainerEntrypointIT {

  private static final Path JAR = Path.of("target", "incident-stream.jar").toAbsolutePath();
  private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** ops/compose/docker-compose.yml's stop_grace_period: the engine sends SIGKILL after it. */
  private static final Duration STOP_GRACE_PERIOD = Duration.ofSeconds(30);

  /** What a JVM stopped by SIGTERM exits with (128 + 15). */
  private static final int SIGTERM_EXIT = 143;

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path temp;

  private final List<Process> processes = new ArrayList<>();
  private Path workdir;

  @AfterEach
  void stopAndMakeDeletable() throws IOException {
    processes.forEach(Process::destroyForcibly);
    if (workdir != null) {
      Files.setPosixFilePermissions(workdir, PosixFilePermissions.fromString("rwx------"));
    }
  }

  @Test
  void shouldServeAStreamAndDrainOnSigtermWhenStartedAsTheContainerWould() throws Exception {
    ContainerImage image = ContainerImage.read();
    assertThat(image.entrypoint()).first().isEqualTo("java");
    assertThat(image.entrypoint()).containsSubsequence("-jar", "/app/incident-stream.jar");
    assertThat(image.workdir()).isEqualTo("/app");
    assertThat(image.healthcheck()).containsExactly("bash", "/app/healthcheck.sh");
    assertThat(image.stopSignal()).isEqualTo("SIGTERM");
    assertThat(image.uid()).as("the image's user").isNotZero();
    assertThat(image.gid()).as("the image's group").isNotZero();

    Sandbox sandbox = new Sandbox(image);
    String token =
        sandbox.runToCompletion(
            "token",
            "--role",
            "viewer,publisher",
            "--tenants",
            "default",
            "--subject",
            "container-it",
            "--ttl",
            "10m");

    long started = System.nanoTime();
    JarProcess server = sandbox.start();
    int port = port(server.awaitLine(line -> line.contains("Startup completed")));
    if (sandbox.dropsPrivileges()) {
      assertThat(realUid(server.process())).as("uid of the server").isEqualTo(image.uid());
    }
    await()
        .atMost(TIMEOUT)
        .ignoreExceptions()
        .failFast("the server exited: " + server.lines(), () -> !server.process().isAlive())
        .until(() -> get(port, "/health/readiness").statusCode() == 200);
    long readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    assertThat(sandbox.healthcheck(port)).as("the image's HEALTHCHECK exit status").isZero();

    Recorder client = new Recorder();
    WebSocket socket =
        HTTP.newWebSocketBuilder()
            .header("Authorization", "Bearer " + token)
            .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), client)
            .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    client.await(frame -> frame.contains("\"type\":\"welcome\""));
    socket
        .sendText("{\"type\":\"subscribe\",\"subscription_id\":\"all\",\"filters\":{}}", true)
        .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    client.await(frame -> frame.contains("\"type\":\"subscribed\""));
    String message = "deployed as a container " + System.nanoTime();
    assertThat(publish(port, token, message).statusCode()).isEqualTo(202);
    client.await(frame -> frame.contains("\"type\":\"event\"") && frame.contains(message));

    long stopping = System.nanoTime();
    server.process().destroy(); // SIGTERM, what `docker stop` sends (STOPSIGNAL)
    assertThat(client.closeCode.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(1001);
    assertThat(client.frames).last().asString().contains("\"type\":\"closing\"");
    assertThat(server.process().waitFor(STOP_GRACE_PERIOD.toSeconds(), TimeUnit.SECONDS))
        .as("exited within the stop grace period: " + server.lines())
        .isTrue();
    long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stopping);
    assertThat(server.process().exitValue()).isEqualTo(SIGTERM_EXIT);
    assertThat(sandbox.healthcheck(port))
        .as("the health check once the server is gone")
        .isNotZero();

    try (var files = Files.list(workdir)) {
      assertThat(files.map(file -> file.getFileName().toString()))
          .as("the read-only working directory, after the run")
          .containsExactlyInAnyOrder("incident-stream.jar", "healthcheck.sh");
    }
    assertThat(server.lines()).noneMatch(line -> line.contains("Permission denied"));
    System.out.printf(
        "ContainerEntrypointIT: readiness UP %d ms after start, exit %d ms after SIGTERM (%s)%n",
        readyMillis,
        drainMillis,
        sandbox.dropsPrivileges() ? "uid " + image.uid() : "the build's own user");
  }

  /** The container's command, environment, user and paths, on this machine. */
  private final class Sandbox {
    private final ContainerImage image;
    private final Path tmp;
    private final Path home;
    private final boolean dropPrivileges;

    Sandbox(ContainerImage image) throws IOException {
      this.image = image;
      Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rwxr-xr-x"));
      this.tmp = Files.createDirectory(temp.resolve("tmp"));
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
      workdir = Files.createDirectory(temp.resolve("app"));
      readOnlyCopy(JAR, workdir.resolve("incident-stream.jar"));
      readOnlyCopy(OpsFiles.OPS.resolve("healthcheck.sh"), workdir.resolve("healthcheck.sh"));
      Files.setPosixFilePermissions(workdir, PosixFilePermissions.fromString("r-xr-xr-x"));
      // The image's user has no home directory (useradd --home-dir /nonexistent).
      this.home = temp.resolve("nonexistent");
      this.dropPrivileges = isRoot() && canRunJavaAs(image);
      if (isRoot() && !dropPrivileges) {
        System.out.println(
            "ContainerEntrypointIT: running as root (no setpriv, or the image's uid cannot run"
                + " this JDK): the read-only working directory does not bind root");
      }
    }

    private static void readOnlyCopy(Path from, Path to) throws IOException {
      Files.copy(from, to);
      Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("r--r--r--"));
    }

    private boolean canRunJavaAs(ContainerImage image) {
      if (!Files.isExecutable(SETPRIV)) {
        return false;
      }
      try {
        Process probe =
            new ProcessBuilder(
                    SETPRIV.toString(),
                    "--reuid=" + image.uid(),
                    "--regid=" + image.gid(),
                    "--clear-groups",
                    "--",
                    javaBinary(),
                    "-version")
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return probe.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS) && probe.exitValue() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }

    boolean dropsPrivileges() {
      return dropPrivileges;
    }

    JarProcess start(String... args) {
      List<String> command = asUser(containerCommand(args));
      ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile());
      Map<String, String> env = builder.environment();
      env.clear();
      env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
      env.put("HOME", home.toString());
      env.putAll(image.environment());
      env.put("PORT", "-1"); // a free port, printed at start-up
      env.put("JWT_SECRET", SECRET);
      JarProcess started = JarProcess.of(builder);
      processes.add(started.process());
      return started;
    }

    String runToCompletion(String... args) throws Exception {
      JarProcess command = start(args);
      assertThat(command.awaitExit()).as(String.join("\n", command.lines())).isZero();
      List<String> lines = command.lines();
      return lines.get(lines.size() - 1);
    }

    /** The image's HEALTHCHECK command, with its script from ops/, as the same user. */
    int healthcheck(int port) throws Exception {
      List<String> command = new ArrayList<>();
      for (String part : image.healthcheck()) {
        command.add(hostPath(part));
      }
      ProcessBuilder builder =
          new ProcessBuilder(asUser(command))
              .directory(workdir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD);
      builder.environment().putAll(image.environment());
      builder.environment().put("PORT", Integer.toString(port));
      builder.environment().remove("ENDPOINTS_ALL_PORT");
      Process check = builder.start();
      assertThat(check.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isTrue();
      return check.exitValue();
    }

    private List<String> containerCommand(String... args) {
      List<String> command = new ArrayList<>();
      for (String part : image.entrypoint()) {
        command.add(part.equals("java") ? javaBinary() : hostPath(part));
      }
      command.addAll(List.of(args));
      return command;
    }

    private List<String> asUser(List<String> command) {
      if (!dropPrivileges) {
        return command;
      }
      List<String> wrapped = new ArrayList<>();
      wrapped.add(SETPRIV.toString());
      wrapped.add("--reuid=" + image.uid());
      wrapped.add("--regid=" + image.gid());
      wrapped.add("--clear-groups");
      wrapped.add("--");
      wrapped.addAll(command);
      return wrapped;
    }

    /**
     * A container path (alone, or inside a flag such as -XX:ErrorFile=/tmp/...) on this machine.
     */
    private String hostPath(String part) {
      // /tmp first: the scratch directories themselves live under this machine's /tmp.
      return part.replace("/tmp", tmp.toString()).replace("/app/", workdir + "/");
    }
  }

  private static final String SECRET = newSecret();

  private static String newSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  /** Text frames and the close code one client received. */
  private static final class Recorder implements WebSocket.Listener {
    final List<String> frames = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        frames.add(partial.toString());
        partial.setLength(0);
      }
      socket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
      closeCode.complete(statusCode);
      return null;
    }

    @Override
    public void onError(WebSocket socket, Throwable error) {
      closeCode.completeExceptionally(error);
    }

    void await(Predicate<String> frame) {
      org.awaitility.Awaitility.await()
          .atMost(TIMEOUT)
          .failFast("closed: " + frames, closeCode::isDone)
          .until(() -> frames.stream().anyMatch(frame));
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  private static boolean isRoot() {
    try {
      return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
    } catch (IOException | UnsupportedOperationException e) {
      return "root".equals(System.getProperty("user.name"));
    }
  }

  private static int realUid(Process process) throws IOException {
    for (String line :
        Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
      if (line.startsWith("Uid:")) {
        return Integer.parseInt(line.split("\\s+")[1]);
      }
    }
    throw new IllegalStateException("no Uid line for " + process.pid());
  }

  private static int port(String startupLine) {
    return URI.create(startupLine.substring(startupLine.indexOf("http://")).trim()).getPort();
  }

  private static HttpResponse<String> get(int port, String path) {
    try {
      return HTTP.send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
              .timeout(TIMEOUT)
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static HttpResponse<String> publish(int port, String token, String message)
      throws Exception {
    String event =
        "{\"event_type\":\"system_event\",\"category\":\"deployment\",\"message\":\""
            + message
            + "\",\"metadata\":{}}";
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/json")
            .timeout(TIMEOUT)
            .POST(HttpRequest.BodyPublishers.ofString(event))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
