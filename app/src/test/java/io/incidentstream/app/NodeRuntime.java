package io.incidentstream.app;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Node.js for the JavaScript client's tests: finds {@code node} (18 or later), and fetches the
 * {@code ws} package (Node before 22 has no global WebSocket) from the npm registry at a pinned
 * version, checked against its pinned sha512, into {@code target/node-ws}. Without Node the test is
 * skipped with a loud message, except under {@code CI=true}, where it fails.
 */
final class NodeRuntime {

  static final String WS_VERSION = "8.23.0";

  /** The registry's {@code dist.integrity} of ws 8.23.0. */
  static final String WS_SHA512 =
      "wCkmX8QMOrKjgO8HW2WyDbTSGeqkocxgDzS9iR79rEAexty6/2qzilx3Ag8Tqf9ykop3irLKle0MtVn5qjVnoQ==";

  private static final int MIN_MAJOR = 18;
  private static final Pattern VERSION = Pattern.compile("v(\\d+)\\.\\d+\\.\\d+");
  private static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(2);
  private static final Path WS_HOME = Path.of("target", "node-ws").toAbsolutePath();

  private NodeRuntime() {}

  /** The {@code node} command; aborts (or under CI fails) the test where there is none. */
  static String node() {
    String version = versionOf("node");
    Matcher matcher = version == null ? null : VERSION.matcher(version);
    if (matcher != null && matcher.find() && Integer.parseInt(matcher.group(1)) >= MIN_MAJOR) {
      return "node";
    }
    unavailable(
        "needs Node.js "
            + MIN_MAJOR
            + "+ as 'node' on PATH (found: "
            + (version == null ? "none" : version)
            + "); .ci/run installs Debian's nodejs");
    return "node";
  }

  /** A {@code node_modules} directory holding {@code ws} at the pinned version. */
  static synchronized Path wsModules() {
    Path modules = WS_HOME.resolve("node_modules");
    Path packageJson = modules.resolve("ws").resolve("package.json");
    if (Files.isRegularFile(packageJson) && read(packageJson).contains("\"" + WS_VERSION + "\"")) {
      return modules;
    }
    try {
      Files.createDirectories(modules.resolve("ws"));
      Path tarball = pack();
      checkSha512(tarball);
      exec(
          List.of(
              "tar",
              "-xzf",
              tarball.toString(),
              "-C",
              modules.resolve("ws").toString(),
              "--strip-components=1"),
          WS_HOME);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return modules;
  }

  /** Runs {@code node} with these arguments in {@code dir}; its output is collected by line. */
  static NodeProcess start(Path dir, Map<String, String> env, String... arguments) {
    List<String> command = new ArrayList<>();
    command.add(node());
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(env);
    try {
      return new NodeProcess(builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A running {@code node}: its stdout and stderr lines as they come. */
  static final class NodeProcess implements AutoCloseable {

    final Process process;
    final List<String> out = new CopyOnWriteArrayList<>();
    final List<String> err = new CopyOnWriteArrayList<>();

    private NodeProcess(Process process) {
      this.process = process;
      drain(process.getInputStream(), out, "node-stdout");
      drain(process.getErrorStream(), err, "node-stderr");
    }

    /** Waits for the exit; the exit code. */
    int await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          fail("node did not exit within " + timeout + ": " + this);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      return process.exitValue();
    }

    @Override
    public void close() {
      process.destroyForcibly();
    }

    @Override
    public String toString() {
      return (process.isAlive() ? "running" : "exited with " + process.exitValue())
          + ", stdout "
          + tail(out)
          + ", stderr "
          + tail(err);
    }

    private static List<String> tail(List<String> lines) {
      List<String> copy = List.copyOf(lines);
      return copy.subList(Math.max(0, copy.size() - 40), copy.size());
    }

    private static void drain(InputStream stream, List<String> lines, String name) {
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                  for (String line = in.readLine(); line != null; line = in.readLine()) {
                    lines.add(line);
                  }
                } catch (IOException e) {
                  lines.add("(reading " + name + " failed: " + e + ")");
                }
              },
              name);
      reader.setDaemon(true);
      reader.start();
    }
  }

  private static Path pack() throws IOException {
    String npm = versionOf("npm") == null ? null : "npm";
    if (npm == null) {
      unavailable("needs npm to fetch the ws package; .ci/run installs Debian's npm");
    }
    exec(
        List.of(
            npm, "pack", "--silent", "--pack-destination", WS_HOME.toString(), "ws@" + WS_VERSION),
        WS_HOME);
    return WS_HOME.resolve("ws-" + WS_VERSION + ".tgz");
  }

  private static void checkSha512(Path tarball) throws IOException {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-512").digest(Files.readAllBytes(tarball));
      String actual = Base64.getEncoder().encodeToString(digest);
      if (!actual.equals(WS_SHA512)) {
        Files.delete(tarball);
        fail("ws " + WS_VERSION + " from the registry has sha512 " + actual + ", not " + WS_SHA512);
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void exec(List<String> command, Path dir) throws IOException {
    Process process =
        new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(INSTALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        fail(String.join(" ", command) + " did not finish within " + INSTALL_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    if (process.exitValue() != 0) {
      fail(String.join(" ", command) + " failed (" + process.exitValue() + "): " + output);
    }
  }

  private static String versionOf(String command) {
    try {
      Process process = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
      String output =
          new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0 ? output : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void unavailable(String message) {
    if ("true".equals(System.getenv("CI"))) {
      fail("CI=true: " + message);
    }
    System.err.println("*** SKIPPED: the JavaScript client test " + message + " ***");
    Assumptions.abort(message);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
