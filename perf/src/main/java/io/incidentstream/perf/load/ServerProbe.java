package io.incidentstream.perf.load;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Reads the server's figures: its Prometheus metrics (when it has {@code /prometheus}), its CPU
 * time, and (with its pid, on this machine) its live heap after a full GC through {@code jcmd}.
 * Used from the controlling thread, and {@link #memory memory(false)} also from the soak's sampler:
 * its HTTP client is thread-safe and {@code jcmd} runs only from the controlling thread.
 */
final class ServerProbe {

  /** The summed {@code jvm_memory_used_bytes{area="heap"}} in {@link #metrics()}. */
  static final String HEAP_USED = "jvm_memory_used_bytes:heap";

  /** The summed {@code jvm_buffer_memory_used_bytes{id="direct"}}: NIO direct buffers. */
  static final String DIRECT_BUFFERS = "jvm_buffer_memory_used_bytes:direct";

  /** The summed {@code netty_allocator_memory_used{memory_type="direct"}}: Netty's pools. */
  static final String NETTY_DIRECT_USED = "netty_allocator_memory_used:direct";

  /** The summed {@code netty_allocator_memory_pinned{memory_type="direct"}}: buffers in use. */
  static final String NETTY_DIRECT_PINNED = "netty_allocator_memory_pinned:direct";

  /** {@code websocket_events_dropped_total}; per reason as {@code <name>:<reason>}. */
  static final String DROPPED = "websocket_events_dropped_total";

  /**
   * {@code stream_event_loop_stalls_total}: the server's event-loop stall detector; per kind
   * ({@code blocked}, {@code busy}) as {@code <name>:<kind>}.
   */
  static final String STALLS = "stream_event_loop_stalls_total";

  /** Clock ticks per second of {@code /proc/<pid>/stat} (USER_HZ, 100 on Linux). */
  private static final double USER_HZ = 100;

  private final URI prometheus;
  private final @Nullable Long pid;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  ServerProbe(URI target, @Nullable Long pid) {
    this.prometheus = target.resolve("/prometheus");
    this.pid = pid;
    if (pid != null && !Files.isDirectory(Path.of("/proc", pid.toString()))) {
      throw new IllegalArgumentException("no process with pid " + pid + " on this machine");
    }
  }

  @Nullable Long pid() {
    return pid;
  }

  /**
   * The server's Prometheus samples, summed over labels per metric name, plus {@code
   * jvm_memory_used_bytes{area="heap"}} as {@value #HEAP_USED}; empty if it has no {@code
   * /prometheus}.
   */
  Map<String, Double> metrics() {
    try {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(prometheus).timeout(Duration.ofSeconds(10)).build(),
              HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 ? parsePrometheus(response.body()) : Map.of();
    } catch (IOException e) {
      return Map.of();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Map.of();
    }
  }

  static Map<String, Double> parsePrometheus(String text) {
    Map<String, Double> sums = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      int brace = line.indexOf('{');
      String name = line.substring(0, brace >= 0 && brace < space ? brace : space);
      double value;
      try {
        value = Double.parseDouble(line.substring(space + 1));
      } catch (NumberFormatException e) {
        continue;
      }
      sums.merge(name, value, Double::sum);
      if (name.equals("jvm_memory_used_bytes") && line.contains("area=\"heap\"")) {
        sums.merge(HEAP_USED, value, Double::sum);
      } else if (name.equals("jvm_buffer_memory_used_bytes") && line.contains("id=\"direct\"")) {
        sums.merge(DIRECT_BUFFERS, value, Double::sum);
      } else if (name.equals(DROPPED) && line.contains("reason=\"")) {
        sums.merge(name + ":" + label(line, "reason"), value, Double::sum);
      } else if (name.equals(STALLS) && line.contains("kind=\"")) {
        sums.merge(name + ":" + label(line, "kind"), value, Double::sum);
      } else if (name.startsWith("netty_allocator_memory_")
          && line.contains("memory_type=\"direct\"")) {
        sums.merge(name + ":direct", value, Double::sum);
      }
    }
    return sums;
  }

  private static String label(String line, String key) {
    int from = line.indexOf(key + "=\"") + key.length() + 2;
    return line.substring(from, line.indexOf('"', from));
  }

  /**
   * CPU time the server has used, in nanoseconds: from {@code /proc} with a pid, else its {@code
   * process_cpu_time_ns_total}; NaN when neither is available.
   */
  double cpuNanos() {
    if (pid != null) {
      return procCpuNanos(pid);
    }
    return metrics().getOrDefault("process_cpu_time_ns_total", Double.NaN);
  }

  private static double procCpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // Fields after the parenthesised command name: state is field 3, utime 14, stime 15.
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      double ticks = Double.parseDouble(fields[11]) + Double.parseDouble(fields[12]);
      return ticks / USER_HZ * 1e9;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** The live heap after a full GC ({@code jcmd <pid> GC.class_histogram}); needs the pid. */
  HeapHistogram liveHeap() {
    return HeapHistogram.parse(jcmd("GC.class_histogram"));
  }

  /**
   * {@code jvm_memory_used_bytes{area="heap"}} right after {@code jcmd <pid> GC.run}: the server's
   * own view of its heap after a full GC, NaN without {@code /prometheus}.
   */
  double heapUsedAfterGc() {
    jcmd("GC.run");
    return metrics().getOrDefault(HEAP_USED, Double.NaN);
  }

  /**
   * The server's memory and registry now; after a full GC ({@code jcmd <pid> GC.run}) when {@code
   * gc} and the pid is known.
   */
  Report.Memory memory(boolean gc) {
    boolean collected = gc && pid != null;
    if (collected) {
      jcmd("GC.run");
    }
    Map<String, Double> m = metrics();
    return new Report.Memory(
        java.time.Instant.now().toString(),
        collected,
        m.getOrDefault(HEAP_USED, Double.NaN),
        m.getOrDefault(DIRECT_BUFFERS, Double.NaN),
        m.getOrDefault(NETTY_DIRECT_USED, Double.NaN),
        m.getOrDefault(NETTY_DIRECT_PINNED, Double.NaN),
        m.getOrDefault("websocket_active_connections", Double.NaN));
  }

  /** The server JVM's flags ({@code jcmd <pid> VM.command_line}), or "" without a pid. */
  String jvmArgs() {
    if (pid == null) {
      return "";
    }
    for (String line : jcmd("VM.command_line").split("\n")) {
      if (line.startsWith("jvm_args:")) {
        return line.substring("jvm_args:".length()).trim();
      }
    }
    return "";
  }

  /** Fails with a clear message when nothing listens on the target. */
  void requireListening() {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(prometheus.getHost(), prometheus.getPort()), 2000);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "nothing listens on "
              + prometheus.resolve("/")
              + " ("
              + e.getMessage()
              + "): start the server first (see the README, Performance)");
    }
  }

  private String jcmd(String command) {
    if (pid == null) {
      throw new IllegalStateException("heap figures need --server-pid");
    }
    Process process;
    try {
      process =
          new ProcessBuilder("jcmd", pid.toString(), command).redirectErrorStream(true).start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot run jcmd (is a JDK on the PATH?): " + e, e);
    }
    try (InputStream output = process.getInputStream()) {
      String text = new String(output.readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(2, TimeUnit.MINUTES) || process.exitValue() != 0) {
        throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + text);
      }
      return text;
    } catch (IOException e) {
      throw new IllegalStateException("reading jcmd output failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted waiting for jcmd", e);
    }
  }
}
