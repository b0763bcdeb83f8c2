package io.incidentstream.streaming.support.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the {@code redis-server} to run: the first executable one on the search path, else the
 * binary for this OS and CPU inside {@code org.signal:embedded-redis}, copied out to a temp file.
 * The search path is a constructor argument so a test can take either branch. Thread-safe
 * (synchronized extraction, once per instance).
 */
final class RedisBinary {

  static final String EXECUTABLE = "redis-server";
  static final String EMBEDDED_VERSION = "7.0.15";

  enum Source {
    PATH,
    EMBEDDED
  }

  record Resolved(Path executable, Source source) {}

  private final String searchPath;
  private final String osName;
  private final String osArch;
  private Resolved extracted;

  RedisBinary(String searchPath, String osName, String osArch) {
    this.searchPath = searchPath;
    this.osName = osName;
    this.osArch = osArch;
  }

  /** This machine's PATH, OS and CPU. */
  static RedisBinary ofThisMachine() {
    String path = System.getenv("PATH");
    return new RedisBinary(
        path == null ? "" : path, System.getProperty("os.name"), System.getProperty("os.arch"));
  }

  Resolved resolve() {
    return onSearchPath()
        .map(executable -> new Resolved(executable, Source.PATH))
        .orElseGet(this::embedded);
  }

  Optional<Path> onSearchPath() {
    return Arrays.stream(searchPath.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, EXECUTABLE))
        .filter(candidate -> Files.isRegularFile(candidate) && Files.isExecutable(candidate))
        .findFirst();
  }

  synchronized Resolved embedded() {
    if (extracted == null) {
      extracted = new Resolved(extract(resourceName()), Source.EMBEDDED);
    }
    return extracted;
  }

  /**
   * The resource name inside the embedded-redis jar, e.g. {@code redis-server-7.0.15-linux-amd64}.
   */
  String resourceName() {
    return EXECUTABLE + "-" + EMBEDDED_VERSION + "-" + os() + "-" + cpu();
  }

  private String os() {
    String name = osName.toLowerCase(Locale.ROOT);
    if (name.contains("linux")) {
      return "linux";
    }
    if (name.contains("mac")) {
      return "darwin";
    }
    throw new IllegalStateException(
        "no embedded redis-server for OS '"
            + osName
            + "': put redis-server on PATH or set REDIS_URI to an external server");
  }

  private String cpu() {
    return switch (osArch.toLowerCase(Locale.ROOT)) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default ->
          throw new IllegalStateException(
              "no embedded redis-server for CPU '"
                  + osArch
                  + "': put redis-server on PATH or set REDIS_URI to an external server");
    };
  }

  private static Path extract(String resource) {
    try (InputStream in = RedisBinary.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(
            "resource " + resource + " not on the test classpath (org.signal:embedded-redis)");
      }
      Path target = Files.createTempFile(EXECUTABLE + "-", "");
      target.toFile().deleteOnExit();
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      if (!target.toFile().setExecutable(true, true)) {
        throw new IllegalStateException("cannot make " + target + " executable");
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot extract " + resource, e);
    }
  }
}
