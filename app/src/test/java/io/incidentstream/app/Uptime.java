package io.incidentstream.app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The machine's load, to print beside a figure: the tests share their machine. */
final class Uptime {

  private Uptime() {}

  /** The time (UTC) and the load averages of {@code /proc/loadavg}, like {@code uptime}. */
  static String now() {
    String load;
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      load = parts[0] + ", " + parts[1] + ", " + parts[2];
    } catch (IOException | RuntimeException e) {
      load = "unknown";
    }
    return Instant.now().truncatedTo(ChronoUnit.SECONDS)
        + " UTC, "
        + Runtime.getRuntime().availableProcessors()
        + " CPUs, load average "
        + load;
  }
}
