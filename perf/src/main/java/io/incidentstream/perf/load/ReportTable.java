package io.incidentstream.perf.load;

import io.incidentstream.perf.load.Report.Measurement;
import io.incidentstream.perf.load.Report.ServerRun;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Renders a {@link Report} as readable text: Markdown tables, so a run's output pastes straight
 * into {@code perf/RESULTS.md}. Stateless.
 */
final class ReportTable {

  private ReportTable() {}

  static String render(Report report) {
    StringBuilder out = new StringBuilder();
    header(out, report);
    switch (report.mode()) {
      case LATENCY -> latency(out, report.servers());
      case PEAK -> peak(out, report);
      case IDLE -> idle(out, report.servers());
      case STORM -> storm(out, report.servers());
      case SOAK -> soak(out, report.servers());
    }
    connections(out, report.servers());
    ratios(out, report.ratios());
    return out.toString();
  }

  private static void header(StringBuilder out, Report report) {
    Report.Settings s = report.settings();
    Report.Machine m = report.machine();
    out.append("## Load run: ")
        .append(report.mode().name().toLowerCase(Locale.ROOT))
        .append(" (")
        .append(m.startedAt())
        .append(")\n\n");
    out.append(
        String.format(
            Locale.ROOT,
            "- machine: %d CPUs, %s; load average %.2f before, %.2f after%n",
            m.cpus(),
            m.java(),
            m.loadAverageBefore(),
            m.loadAverageAfter()));
    out.append(
        String.format(
            Locale.ROOT,
            "- filters: %s mix over %d teams, selectivity %.3f%% (asked %.3f%%)%n",
            s.filterMix(),
            s.teams(),
            s.effectiveSelectivity() * 100,
            s.selectivity() * 100));
    if (report.mode() != LoadOptions.Mode.IDLE) {
      out.append(
          String.format(
              Locale.ROOT,
              "- each measurement: %.0f s warm-up, %.0f s measured; %d publishers, %.0f ms tick%n",
              s.warmupSeconds(),
              s.measureSeconds(),
              s.publishers(),
              s.tickMillis()));
    }
    for (ServerRun server : report.servers()) {
      out.append("- ").append(server.name()).append(": ").append(server.target());
      out.append(server.serverJvm().isEmpty() ? "" : ", JVM " + server.serverJvm()).append('\n');
    }
    out.append('\n');
  }

  private static void latency(StringBuilder out, List<ServerRun> servers) {
    List<String> header = new ArrayList<>(List.of(""));
    servers.forEach(server -> header.add(server.name()));
    List<List<String>> rows = new ArrayList<>();
    rows.add(row(servers, "connections", s -> count(s.connections().subscribed())));
    rows.add(row(servers, "heap per connection", ReportTable::heapPerConnection));
    rows.add(row(servers, "events/s in", s -> first(s, m -> rate(m.eventsPerSecond()))));
    rows.add(row(servers, "deliveries/s out", s -> first(s, m -> rate(m.deliveriesPerSecond()))));
    rows.add(
        row(
            servers,
            "expected / received",
            s ->
                first(
                    s,
                    m -> count(m.expectedDeliveries()) + " / " + count(m.receivedDeliveries()))));
    rows.add(
        row(
            servers,
            "server deliveries/s",
            s -> first(s, m -> rate(m.serverDeliveredEvents() / m.seconds()))));
    rows.add(row(servers, "latency p50", s -> first(s, m -> ms(m, m.latencyMillis().p50()))));
    rows.add(row(servers, "latency p99", s -> first(s, m -> ms(m, m.latencyMillis().p99()))));
    rows.add(row(servers, "latency p99.9", s -> first(s, m -> ms(m, m.latencyMillis().p999()))));
    rows.add(row(servers, "latency max", s -> first(s, m -> ms(m, m.latencyMillis().max()))));
    rows.add(row(servers, "drops", s -> first(s, ReportTable::drops)));
    rows.add(row(servers, "server CPU", s -> first(s, m -> cores(m.serverCpuCores()))));
    rows.add(row(servers, "client CPU", s -> first(s, m -> cores(m.clientCpuCores()))));
    table(out, header, rows);
  }

  private static void peak(StringBuilder out, Report report) {
    for (ServerRun server : report.servers()) {
      out.append("### ").append(server.name()).append("\n\n");
      List<List<String>> rows = new ArrayList<>();
      for (Measurement m : server.measurements()) {
        rows.add(
            List.of(
                count(m.targetEventsPerSecond()),
                rate(m.eventsPerSecond()),
                rate(m.deliveriesPerSecond()),
                ms(m, m.latencyMillis().p50()),
                ms(m, m.latencyMillis().p99()),
                ms(m, m.latencyMillis().p999()),
                ms(m, m.latencyMillis().max()),
                drops(m),
                cores(m.serverCpuCores())));
      }
      table(
          out,
          List.of(
              "target events/s",
              "events/s in",
              "deliveries/s",
              "p50",
              "p99",
              "p99.9",
              "max",
              "drops",
              "server CPU"),
          rows);
      Measurement peak = server.peak();
      out.append(
          peak == null
              ? "peak: none (the first step already failed)\n\n"
              : String.format(
                  Locale.ROOT,
                  "peak: **%s deliveries/s** at %s events/s (p99 %s, limit %.0f ms)%n%n",
                  rate(peak.deliveriesPerSecond()),
                  rate(peak.eventsPerSecond()),
                  ms(peak.latencyMillis().p99()),
                  report.settings().p99LimitMillis()));
    }
  }

  private static void idle(StringBuilder out, List<ServerRun> servers) {
    for (ServerRun server : servers) {
      Report.Heap heap = server.heap();
      out.append("### ").append(server.name()).append(": heap per idle subscribed connection\n\n");
      if (heap == null) {
        out.append("no heap figures (run with --server-pid)\n\n");
        continue;
      }
      List<List<String>> rows = new ArrayList<>();
      for (Report.HeapStep step : heap.steps()) {
        rows.add(
            List.of(
                count(step.connections()),
                mib(step.liveBytes() - heap.baselineLiveBytes()),
                bytes(step.liveBytesPerConnection()),
                bytes(step.heapUsedBytesPerConnection())));
      }
      table(
          out,
          List.of("connections", "live heap added", "live bytes/conn", "heap used/conn"),
          rows);
      out.append("top classes per connection (live bytes, instances):\n\n");
      List<List<String>> classes = new ArrayList<>();
      for (HeapHistogram.Growth growth : heap.topClassesPerConnection()) {
        classes.add(
            List.of(
                growth.className(),
                bytes(growth.bytesPerConnection()),
                String.format(Locale.ROOT, "%.2f", growth.instancesPerConnection())));
      }
      table(out, List.of("class", "bytes/conn", "instances/conn"), classes);
    }
  }

  private static void storm(StringBuilder out, List<ServerRun> servers) {
    for (ServerRun server : servers) {
      Report.Storm storm = server.storm();
      if (storm == null) {
        continue;
      }
      List<List<String>> rows = new ArrayList<>();
      rows.add(memoryRow("before", "", "", "", storm.before()));
      for (Report.StormRound r : storm.rounds()) {
        rows.add(
            memoryRow(
                "round " + r.round(),
                count(r.opened())
                    + " of "
                    + count(r.attempted())
                    + String.format(Locale.ROOT, " in %.1f s", r.secondsToOpen()),
                count(r.dropped()),
                String.format(Locale.ROOT, "%.1f s", r.secondsToRelease()),
                r.after()));
      }
      table(
          out,
          List.of(
              "",
              "opened (subscribed)",
              "dropped",
              "registry empty after",
              "registry",
              "heap after GC",
              "direct buffers",
              "Netty direct (pinned)"),
          rows);
      out.append(server.name()).append(storm.serverUp() ? " stayed up" : " is DOWN").append("\n\n");
    }
  }

  private static void soak(StringBuilder out, List<ServerRun> servers) {
    latency(out, servers);
    for (ServerRun server : servers) {
      Report.Soak soak = server.soak();
      if (soak == null) {
        continue;
      }
      out.append(
          String.format(
              Locale.ROOT,
              "fast clients' p99: %s without the slow clients, %s with them: ratio %.2f%n",
              ms(soak.withoutSlowClients(), soak.withoutSlowClients().latencyMillis().p99()),
              ms(soak.withSlowClients(), soak.withSlowClients().latencyMillis().p99()),
              soak.p99Ratio()));
      out.append(
          String.format(
              Locale.ROOT,
              "event loop stalls reported by the server: %s while connecting and warming up,"
                  + " %s after%n",
              soak.stallsDuringWarmup(),
              soak.stallsAfterWarmup()));
      out.append("dropped by the server while the slow clients ran: ")
          .append(soak.dropped())
          .append("\n\n");
      List<List<String>> slow = new ArrayList<>();
      for (Report.SlowClient c : soak.slow()) {
        slow.add(
            List.of(
                c.sourceAddress(),
                count(c.framesRead()),
                String.valueOf(c.closingReason()),
                c.ending()));
      }
      table(out, List.of("slow client from", "frames read", "closing reason", "ended"), slow);
      List<List<String>> memory = new ArrayList<>();
      memory.add(memoryCells("start (after GC)", soak.start()));
      memory.add(memoryCells("after warm-up (after GC)", soak.afterWarmup()));
      for (Report.Memory m : soak.samples()) {
        memory.add(memoryCells(m.at(), m));
      }
      memory.add(memoryCells("end (after GC)", soak.end()));
      table(out, MEMORY_HEADER, memory);
    }
  }

  private static final List<String> MEMORY_HEADER =
      List.of("sample", "connections", "heap used", "direct buffers", "Netty direct used (pinned)");

  private static List<String> memoryCells(String label, Report.Memory m) {
    List<String> cells = new ArrayList<>(List.of(label));
    cells.addAll(memoryRow(label, "", "", "", m).subList(4, 8));
    return cells;
  }

  private static List<String> memoryRow(
      String label, String a, String b, String c, Report.Memory m) {
    return List.of(
        label,
        a,
        b,
        c,
        String.format(Locale.ROOT, "%.0f", m.activeConnections()),
        bytes(m.heapUsedBytes()),
        bytes(m.directBufferBytes()),
        bytes(m.nettyDirectUsedBytes()) + " (" + bytes(m.nettyDirectPinnedBytes()) + ")");
  }

  private static void connections(StringBuilder out, List<ServerRun> servers) {
    for (ServerRun server : servers) {
      Report.Connections c = server.connections();
      out.append(
          String.format(
              Locale.ROOT,
              "%s connections: %s of %s subscribed in %.1f s, %s failed; closed cleanly %s, close"
                  + " unanswered %s; misrouted deliveries %s%n",
              server.name(),
              count(c.subscribed()),
              count(c.requested()),
              c.secondsToSubscribe(),
              count(c.failed()),
              count(c.closedCleanly()),
              count(c.closeUnanswered()),
              count(c.misroutedDeliveries())));
      problems(out, "failures", c.failures());
      problems(out, "closed by the server", c.closedByServer());
      problems(out, "closing reasons", c.closingReasons());
      problems(out, "errors", c.errors());
    }
    out.append('\n');
  }

  private static void problems(StringBuilder out, String what, Map<String, Long> counts) {
    counts.forEach(
        (reason, n) ->
            out.append("  ")
                .append(what)
                .append(": ")
                .append(n)
                .append(" x ")
                .append(reason)
                .append('\n'));
  }

  private static void ratios(StringBuilder out, Map<String, Double> ratios) {
    if (ratios.isEmpty()) {
      return;
    }
    out.append("ours vs baseline:\n\n");
    ratios.forEach(
        (name, value) -> out.append(String.format(Locale.ROOT, "- %s: %.2fx%n", name, value)));
    out.append('\n');
  }

  private static List<String> row(
      List<ServerRun> servers, String label, Function<ServerRun, String> cell) {
    List<String> row = new ArrayList<>(List.of(label));
    servers.forEach(server -> row.add(cell.apply(server)));
    return row;
  }

  private static String first(ServerRun server, Function<Measurement, String> cell) {
    return server.measurements().isEmpty() ? "-" : cell.apply(server.measurements().get(0));
  }

  private static String heapPerConnection(ServerRun server) {
    Report.Heap heap = server.heap();
    if (heap == null || heap.steps().isEmpty()) {
      return "- (needs --server-pid)";
    }
    return bytes(heap.steps().get(heap.steps().size() - 1).liveBytesPerConnection());
  }

  static String drops(Measurement m) {
    String total = count((long) m.drops());
    if (m.dropFree()) {
      return total;
    }
    return String.format(
        Locale.ROOT,
        "%s (undelivered %s, shed %s, rejected %s, closed %s)",
        total,
        count(m.missingDeliveries()),
        Double.isNaN(m.serverDroppedEvents()) ? "?" : count((long) m.serverDroppedEvents()),
        count(m.eventsRejected()),
        count(m.connectionsClosed()));
  }

  private static void table(StringBuilder out, List<String> header, List<List<String>> rows) {
    int[] widths = new int[header.size()];
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(rows);
    for (List<String> row : all) {
      for (int i = 0; i < row.size(); i++) {
        widths[i] = Math.max(widths[i], row.get(i).length());
      }
    }
    line(out, header, widths);
    List<String> rule = new ArrayList<>();
    for (int width : widths) {
      rule.add("-".repeat(Math.max(3, width)));
    }
    line(out, rule, widths);
    rows.forEach(row -> line(out, row, widths));
    out.append('\n');
  }

  private static void line(StringBuilder out, List<String> cells, int[] widths) {
    out.append('|');
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      out.append(' ')
          .append(cell)
          .append(" ".repeat(Math.max(0, widths[i] - cell.length())))
          .append(" |");
    }
    out.append('\n');
  }

  static String count(long value) {
    return String.format(Locale.ROOT, "%,d", value);
  }

  static String rate(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,.0f", value);
  }

  static String ms(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f ms", value);
  }

  /**
   * A latency figure; one that falls among undelivered events is only known to be above a bound.
   */
  static String ms(Measurement m, double value) {
    if (!Double.isNaN(value) || m.latencyMillis().undelivered() == 0) {
      return ms(value);
    }
    return String.format(Locale.ROOT, "> %,.0f ms", m.latencyMillis().undeliveredWaitedAtLeast());
  }

  static String bytes(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%,.0f B", value);
  }

  private static String mib(long value) {
    return String.format(Locale.ROOT, "%.1f MiB", value / (1024.0 * 1024));
  }

  private static String cores(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.2f cores", value);
  }
}
