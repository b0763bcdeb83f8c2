package io.incidentstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.incidentstream.domain.support.ReliabilityReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * Soak against the production jar: 1,000 fast subscribed clients and events at 500/s, measured
 * first without and then with 5 slow clients that subscribe to everything and read about one event
 * frame per second. The slow clients are shed and then closed with 4008 (the server's session log
 * says so for each); the fast clients lose nothing and no connection of theirs is closed; the
 * server's event-loop stall detector and Netty's blocking check report nothing after the warm-up;
 * heap and direct memory after a full GC at the end stay near where they were after the warm-up.
 * p99 with and without the slow clients is reported, not asserted. CI-sized by default (30 s with
 * the slow clients); {@code -Dsoak.measure=5m -Dsoak.section=71-soak-long} is the long run.
 */
class SoakIT {

  private static final long MIB = 1024 * 1024;
  private static final String SLOW_SOURCE = "127.0.0.3";

  @Test
  void shouldShedAndClose4008TheSlowClientsWhileTheFastOnesLoseNothing() {
    String section = System.getProperty("soak.section", "70-soak");
    String warmup = System.getProperty("soak.warmup", "10s");
    String compare = System.getProperty("soak.compare", "20s");
    String measure = System.getProperty("soak.measure", "30s");
    int maxPending = Integer.getInteger("soak.max-pending-messages", 100);
    String uptimeBefore = Uptime.now();
    try (LoadRig rig = new LoadRig("soak-" + section)) {
      rig.startServer(
          Map.of(
              "STREAM_MAX_PENDING_MESSAGES",
              Integer.toString(maxPending),
              "STREAM_HISTORY_RETENTION",
              "0s"),
          "-Xms512m",
          "-Xmx512m",
          "-XX:+UseG1GC");
      JsonNode report =
          rig.runLoadGenerator(
              Duration.ofHours(2),
              "--mode",
              "soak",
              "--connections",
              "1000",
              "--rate",
              "500",
              "--selectivity",
              "0.01",
              "--slow-clients",
              "5",
              "--slow-read-interval",
              "1s",
              "--warmup",
              warmup,
              "--compare",
              compare,
              "--measure",
              measure,
              "--sample-interval",
              System.getProperty("soak.sample-interval", "5s"));
      String uptimeAfter = Uptime.now();
      JsonNode soak = report.path("servers").get(0).path("soak");
      JsonNode without = soak.path("without_slow_clients");
      JsonNode with = soak.path("with_slow_clients");
      List<String> lines = rig.serverLines();
      long closed4008 =
          lines.stream()
              .filter(l -> l.contains("from " + SLOW_SOURCE + " after") && l.contains(": 4008 ("))
              .count();

      assertThat(rig.serverAlive()).isTrue();
      for (JsonNode m : List.of(without, with)) {
        assertThat(m.path("events_published").asLong()).isPositive();
        assertThat(m.path("missing_deliveries").asLong()).as("fast clients' lost events").isZero();
        assertThat(m.path("connections_closed").asLong()).as("fast clients closed").isZero();
        assertThat(m.path("connections").asInt()).isEqualTo(1000);
      }
      assertThat(shed(soak.path("dropped"))).as("events shed from the slow queues").isPositive();
      assertThat(closed4008).as("slow clients the server closed with 4008").isEqualTo(5);
      assertThat(soak.path("stalls_after_warmup").path("blocked").asDouble())
          .as("event loops blocked after the warm-up")
          .isZero();
      assertThat(lines)
          .noneMatch(l -> l.contains("BlockingOperationException"))
          .noneMatch(l -> l.contains("LEAK:"));
      JsonNode afterWarmup = soak.path("after_warmup");
      JsonNode end = soak.path("end");
      assertThat(end.path("heap_used_bytes").asDouble())
          .isLessThan(afterWarmup.path("heap_used_bytes").asDouble() + 32 * MIB);
      assertThat(end.path("netty_direct_pinned_bytes").asDouble())
          .isLessThan(afterWarmup.path("netty_direct_pinned_bytes").asDouble() + 16 * MIB);

      ReliabilityReport.section(
          section,
          section.equals("70-soak") ? "Soak (CI-sized)" : "Soak (long)",
          describe(report, soak, closed4008, maxPending, uptimeBefore, uptimeAfter));
    }
  }

  private static double shed(JsonNode dropped) {
    return dropped.path("queue_full_low").asDouble()
        + dropped.path("queue_full_normal").asDouble()
        + dropped.path("queue_full_high").asDouble();
  }

  private static String describe(
      JsonNode report,
      JsonNode soak,
      long closed4008,
      int maxPending,
      String uptimeBefore,
      String uptimeAfter) {
    JsonNode without = soak.path("without_slow_clients");
    JsonNode with = soak.path("with_slow_clients");
    List<List<Object>> windows = new ArrayList<>();
    windows.add(window("without slow clients", without));
    windows.add(window("with 5 slow clients", with));
    List<List<Object>> slow = new ArrayList<>();
    for (JsonNode c : soak.path("slow")) {
      slow.add(
          List.of(
              c.path("source_address").asText(),
              c.path("frames_read").asLong(),
              c.path("closing_reason").asText("-"),
              c.path("ending").asText()));
    }
    List<List<Object>> memory = new ArrayList<>();
    memory.add(List.of("start (after GC)", ConnectionStormIT.memory(soak.path("start"))));
    memory.add(
        List.of("after warm-up (after GC)", ConnectionStormIT.memory(soak.path("after_warmup"))));
    List<JsonNode> samples =
        StreamSupport.stream(soak.path("samples").spliterator(), false).toList();
    if (!samples.isEmpty()) {
      double low =
          samples.stream().mapToDouble(m -> m.path("heap_used_bytes").asDouble()).min().orElse(0);
      double high =
          samples.stream().mapToDouble(m -> m.path("heap_used_bytes").asDouble()).max().orElse(0);
      double pinned =
          samples.stream()
              .mapToDouble(m -> m.path("netty_direct_pinned_bytes").asDouble())
              .max()
              .orElse(0);
      double used =
          samples.stream()
              .mapToDouble(m -> m.path("netty_direct_used_bytes").asDouble())
              .max()
              .orElse(0);
      memory.add(
          List.of(
              samples.size() + " samples, no forced GC",
              String.format(
                  Locale.ROOT,
                  "heap used %.1f to %.1f MiB; Netty direct used at most %.1f MiB (pinned %.1f MiB)",
                  low / MIB,
                  high / MIB,
                  used / MIB,
                  pinned / MIB)));
    }
    memory.add(List.of("end (after GC)", ConnectionStormIT.memory(soak.path("end"))));
    JsonNode settings = report.path("settings");
    return String.format(
            Locale.ROOT,
            "The production jar in its own JVM (`-Xmx512m`, G1; `stream.max-pending-messages` %d,"
                + " `stream.history-retention` 0 s so the history is full after 20 s), the load"
                + " generator in another: 1,000 fast clients (%s filter mix, selectivity %.2f%%)"
                + " and events at 500/s, published over HTTP. Warm-up %.0f s, then %.0f s measured"
                + " without the slow clients, then 5 slow clients (every event of the tenant; one"
                + " read of at most 1 KB, about one event, per %.0f s) and %.0f s measured with"
                + " them. Machine before: `%s`; after: `%s`.%n%n",
            maxPending,
            settings.path("filter_mix").asText(),
            settings.path("effective_selectivity").asDouble() * 100,
            settings.path("warmup_seconds").asDouble(),
            without.path("seconds").asDouble(),
            soak.path("slow_read_interval_seconds").asDouble(),
            with.path("seconds").asDouble(),
            uptimeBefore,
            uptimeAfter)
        + ReliabilityReport.table(
            List.of(
                "fast clients",
                "events published",
                "deliveries expected",
                "delivered",
                "lost",
                "fast connections closed",
                "p50",
                "p99",
                "max"),
            windows)
        + String.format(
            Locale.ROOT,
            "%nThe fast clients' p99 with the slow clients over their p99 without: **%.2f** (the"
                + " issue asks for at most 1.20; on a shared, loaded machine this is reported, not"
                + " asserted).%n%n",
            soak.path("p99_ratio").asDouble())
        + String.format(
            Locale.ROOT,
            "Slow clients: the server shed %s events from their queues (%s), then closed **%d of"
                + " 5** with 4008 (its session log). What each client saw once it read the rest"
                + " of its socket at full speed (a slow client's socket holds events the server"
                + " wrote before the close, so the close frame may be dropped when the server"
                + " gives up on the close handshake after 3 s):%n%n",
            String.format(Locale.ROOT, "%,.0f", shed(soak.path("dropped"))),
            soak.path("dropped"),
            closed4008)
        + ReliabilityReport.table(
            List.of("slow client from", "frames read", "closing reason", "ended"), slow)
        + "\nServer memory (heap used / NIO direct buffers / Netty direct used (pinned)):\n\n"
        + ReliabilityReport.table(List.of("when", "memory"), memory)
        + String.format(
            Locale.ROOT,
            "%nEvent-loop stall reports (`stream_event_loop_stalls_total`, threshold 100 ms), by"
                + " kind: blocked (the loop's thread was waiting: on a lock, a sleep, a future) and"
                + " busy (it was runnable: long tasks, or starved of CPU by the machine): %.0f"
                + " blocked and %.0f busy while connecting and warming up; **%.0f blocked** and %.0f"
                + " busy after the warm-up. No `BlockingOperationException` and no `LEAK:` line in"
                + " the server log.%n",
            soak.path("stalls_during_warmup").path("blocked").asDouble(),
            soak.path("stalls_during_warmup").path("busy").asDouble(),
            soak.path("stalls_after_warmup").path("blocked").asDouble(),
            soak.path("stalls_after_warmup").path("busy").asDouble());
  }

  private static List<Object> window(String name, JsonNode m) {
    JsonNode latency = m.path("latency_millis");
    return List.of(
        name,
        String.format(Locale.ROOT, "%,d", m.path("events_published").asLong()),
        String.format(Locale.ROOT, "%,d", m.path("expected_deliveries").asLong()),
        String.format(Locale.ROOT, "%,d", m.path("received_deliveries").asLong()),
        m.path("missing_deliveries").asLong(),
        m.path("connections_closed").asLong(),
        ms(latency.path("p50")),
        ms(latency.path("p99")),
        ms(latency.path("max")));
  }

  private static String ms(JsonNode value) {
    return value.isNull() ? "-" : String.format(Locale.ROOT, "%.1f ms", value.asDouble());
  }
}
