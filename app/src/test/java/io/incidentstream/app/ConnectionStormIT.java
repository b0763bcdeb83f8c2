package io.incidentstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.domain.support.ReliabilityReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Connection storm against the production jar: the load generator opens {@code storm.connections}
 * (10,000) subscribed {@code /ws} connections as fast as the server takes them, drops them all
 * without a close handshake (every other one with a TCP reset), and does it {@code storm.rounds}
 * (3) times. The server stays up, its registry returns to 0 after every round, no Netty buffer
 * leaks, and its heap and direct memory after a full GC come back to where they started (no growth
 * from round to round). Writes the {@code 60-storm} section of the reliability report.
 */
class ConnectionStormIT {

  private static final long MIB = 1024 * 1024;

  @Test
  void shouldReturnToAnEmptyRegistryAndBaselineMemoryAfterEachStorm() {
    int connections = Integer.getInteger("storm.connections", 10_000);
    int rounds = Integer.getInteger("storm.rounds", 3);
    String uptime = Uptime.now();
    try (LoadRig rig = new LoadRig("storm")) {
      rig.startServer(
          Map.of(),
          "-Xms384m",
          "-Xmx384m",
          "-XX:+UseG1GC",
          "-Dio.netty.leakDetectionLevel=advanced");
      JsonNode report =
          rig.runLoadGenerator(
              Duration.ofMinutes(10),
              "--mode",
              "storm",
              "--connections",
              Integer.toString(connections),
              "--rounds",
              Integer.toString(rounds),
              "--connect-rate",
              "100000",
              "--connect-concurrency",
              "1000");
      JsonNode storm = report.path("servers").get(0).path("storm");
      JsonNode before = storm.path("before");
      JsonNode rows = storm.path("rounds");

      assertThat(storm.path("server_up").asBoolean()).isTrue();
      assertThat(rig.serverAlive()).isTrue();
      assertThat(rows).hasSize(rounds);
      for (JsonNode round : rows) {
        assertThat(round.path("opened").asInt()).as("subscribed in round").isEqualTo(connections);
        assertThat(round.path("dropped").asInt()).isEqualTo(connections);
        assertThat(round.path("after").path("active_connections").asDouble())
            .as("registry after round %d", round.path("round").asInt())
            .isZero();
      }
      JsonNode first = rows.get(0).path("after");
      JsonNode last = rows.get(rounds - 1).path("after");
      // Bounded, not timed: nothing a round leaves behind may pile up over the rounds.
      assertThat(heap(last)).isLessThan(heap(before) + 64 * MIB);
      assertThat(heap(last)).isLessThan(heap(first) + 16 * MIB);
      assertThat(last.path("netty_direct_used_bytes").asDouble())
          .isLessThanOrEqualTo(first.path("netty_direct_used_bytes").asDouble() + 16 * MIB);
      assertThat(last.path("netty_direct_pinned_bytes").asDouble())
          .isLessThanOrEqualTo(before.path("netty_direct_pinned_bytes").asDouble() + 4 * MIB);
      assertThat(rig.serverLines()).noneMatch(line -> line.contains("LEAK:"));

      ReliabilityReport.section(
          "60-storm",
          "Connection storm",
          describe(connections, rounds, report, before, rows, uptime));
    }
  }

  private static double heap(JsonNode memory) {
    return memory.path("heap_used_bytes").asDouble();
  }

  private static String describe(
      int connections, int rounds, JsonNode report, JsonNode before, JsonNode rows, String uptime) {
    List<List<Object>> table = new ArrayList<>();
    table.add(List.of("before", "", "", "", "", memory(before)));
    for (JsonNode r : rows) {
      table.add(
          List.of(
              "round " + r.path("round").asInt(),
              String.format(
                  Locale.ROOT,
                  "%,d of %,d in %.1f s",
                  r.path("opened").asInt(),
                  r.path("attempted").asInt(),
                  r.path("seconds_to_open").asDouble()),
              r.path("failed").asInt()
                  + (r.path("failures").isEmpty() ? "" : " " + r.path("failures")),
              String.format(Locale.ROOT, "%,d", r.path("dropped").asInt()),
              String.format(
                  Locale.ROOT,
                  "%.0f after %.1f s",
                  r.path("after").path("active_connections").asDouble(),
                  r.path("seconds_to_release").asDouble()),
              memory(r.path("after"))));
    }
    return String.format(
            Locale.ROOT,
            "CI-sized run (the same as the long one): %d rounds of %,d `/ws` connections, each"
                + " subscribed (welcome, subscribe, subscribed), opened by the load generator as"
                + " fast as the server took them (up to 1,000 handshakes in flight, from 10 loopback"
                + " source addresses), then all dropped without a close handshake: every other one"
                + " with a TCP reset, the rest with a FIN. The production jar ran in its own JVM"
                + " (`-Xmx384m`, G1, Netty leak detection `advanced`: no `LEAK:` line). No events"
                + " were published. Memory is the server's own `/prometheus` right after `jcmd"
                + " GC.run`: heap used, NIO direct buffers, Netty's pooled direct memory (held by"
                + " the pools; pinned by buffers in use). Machine: `%s`.%n%n",
            rounds,
            connections,
            uptime)
        + ReliabilityReport.table(
            List.of(
                "",
                "opened (subscribed)",
                "failed",
                "dropped",
                "registry",
                "heap after GC / direct buffers / Netty direct used (pinned)"),
            table)
        + String.format(
            Locale.ROOT,
            "%nThe server stayed up through every round; load average %.2f before, %.2f after.%n",
            report.path("machine").path("load_average_before").asDouble(),
            report.path("machine").path("load_average_after").asDouble());
  }

  static String memory(JsonNode m) {
    return String.format(
        Locale.ROOT,
        "%.1f MiB / %.1f MiB / %.1f MiB (%.1f MiB)",
        m.path("heap_used_bytes").asDouble() / MIB,
        m.path("direct_buffer_bytes").asDouble() / MIB,
        m.path("netty_direct_used_bytes").asDouble() / MIB,
        m.path("netty_direct_pinned_bytes").asDouble() / MIB);
  }
}
