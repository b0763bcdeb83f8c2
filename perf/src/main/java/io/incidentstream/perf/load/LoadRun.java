package io.incidentstream.perf.load;

import io.incidentstream.perf.load.LoadOptions.Mode;
import io.incidentstream.perf.load.Report.Measurement;
import io.incidentstream.perf.load.Report.ServerRun;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Runs the scenario of {@link LoadOptions} against the baseline server (when given) and then ours:
 * connect, measure, close. Single-threaded control; the connections and the publisher run on their
 * own event loops.
 */
final class LoadRun {

  private static final Duration QUIET_DRAIN = Duration.ofSeconds(3);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
  private static final int TOP_CLASSES = 40;
  private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(120);
  private static final Duration SLOW_END_TIMEOUT = Duration.ofSeconds(60);

  private final LoadOptions options;
  private final FilterMix mix;
  private final EventTemplates templates = new EventTemplates();
  private final PrintStream out;

  LoadRun(LoadOptions options, PrintStream out) {
    this.options = options;
    this.mix = new FilterMix(options.filterMix(), options.selectivity());
    this.out = out;
  }

  Report run() {
    String startedAt = Instant.now().toString();
    double loadBefore = loadAverage();
    List<ServerRun> servers = new ArrayList<>();
    URI baseline = options.baselineTarget();
    if (baseline != null) {
      servers.add(against("baseline", baseline, options.baselinePid()));
    }
    servers.add(against("ours", options.target(), options.serverPid()));
    Report.Machine machine =
        new Report.Machine(
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"),
            ManagementFactory.getRuntimeMXBean().getInputArguments(),
            loadBefore,
            loadAverage(),
            startedAt);
    return new Report(
        options.mode(), settings(), machine, servers, Ratios.of(options.mode(), servers));
  }

  private ServerRun against(String name, URI target, @Nullable Long pid) {
    ServerProbe probe = new ServerProbe(target, pid);
    probe.requireListening();
    log(name, "%s%s", target, pid == null ? "" : ", pid " + pid);
    EventLoopGroup clients =
        new MultiThreadIoEventLoopGroup(
            options.threads(), new DefaultThreadFactory("load-client"), NioIoHandler.newFactory());
    EventLoopGroup publishing =
        new MultiThreadIoEventLoopGroup(
            1, new DefaultThreadFactory("load-publisher"), NioIoHandler.newFactory());
    try {
      return new Session(name, target, probe, clients, publishing).run();
    } finally {
      publishing.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
      clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }

  /** One server's run. */
  private final class Session {
    private final String name;
    private final URI target;
    private final ServerProbe probe;
    private final EventLoopGroup clients;
    private final EventLoopGroup publishing;
    private final Deliveries deliveries = new Deliveries(System.nanoTime());
    private final Fleet fleet;
    private final List<Report.HeapStep> heapSteps = new ArrayList<>();
    private @Nullable HeapHistogram baselineHeap;
    private @Nullable HeapHistogram lastHeap;
    private double baselineHeapUsed = Double.NaN;
    private double secondsToSubscribe;

    Session(
        String name,
        URI target,
        ServerProbe probe,
        EventLoopGroup clients,
        EventLoopGroup publishing) {
      this.name = name;
      this.target = target;
      this.probe = probe;
      this.clients = clients;
      this.publishing = publishing;
      this.fleet = newFleet();
    }

    private Fleet newFleet() {
      return new Fleet(
          clients,
          name.equals("ours") ? options.wsTargets() : List.of(target),
          addresses(),
          mix,
          deliveries,
          options.connectRate(),
          options.connectConcurrency());
    }

    private SourceAddresses addresses() {
      return new SourceAddresses(
          options.sourceBase(), options.perAddress(), options.maxConnections());
    }

    ServerRun run() {
      String jvm = probe.jvmArgs();
      boolean reliability = options.mode() == Mode.STORM || options.mode() == Mode.SOAK;
      if (probe.pid() != null && !reliability) {
        log(name, "heap with no connections (jcmd GC.class_histogram)");
        baselineHeap = probe.liveHeap();
        baselineHeapUsed = probe.heapUsedAfterGc();
      }
      List<Measurement> measurements = new ArrayList<>();
      Measurement peak = null;
      Report.Storm storm = null;
      Report.Soak soak = null;
      try {
        if (options.mode() == Mode.IDLE) {
          idleSteps();
        } else if (options.mode() == Mode.STORM) {
          storm = storm();
        } else if (options.mode() == Mode.SOAK) {
          soak = soak(measurements);
        } else {
          connect(options.maxConnections());
          measureHeap(options.maxConnections());
          peak = measureRates(measurements);
        }
      } finally {
        log(name, "closing %,d connections", fleet.tally().subscribed());
        fleet.closeAll(CLOSE_TIMEOUT);
      }
      return new ServerRun(
          name,
          target,
          probe.pid(),
          jvm,
          connections(),
          heap(),
          measurements,
          options.mode() == Mode.PEAK ? peak : null,
          storm,
          soak);
    }

    /** The connection storm: every round opens, drops, and reads the server after. */
    private Report.Storm storm() {
      log(name, "before the storm: full GC, memory");
      Report.Memory before = probe.memory(true);
      List<Report.StormRound> rounds = new ArrayList<>();
      for (int round = 1; round <= options.reliability().rounds(); round++) {
        rounds.add(stormRound(round));
      }
      boolean up;
      try {
        probe.requireListening();
        up = true;
      } catch (IllegalArgumentException e) {
        up = false;
      }
      return new Report.Storm(before, rounds, up);
    }

    private Report.StormRound stormRound(int round) {
      int connections = options.maxConnections();
      Fleet storm = newFleet();
      log(name, "storm round %d: opening %,d connections", round, connections);
      long start = System.nanoTime();
      storm.grow(connections, out);
      double secondsToOpen = (System.nanoTime() - start) / 1e9;
      Fleet.Tally tally = storm.tally();
      log(
          name,
          "round %d: %,d subscribed in %.1f s, %,d failed %s; dropping them",
          round,
          tally.subscribed(),
          secondsToOpen,
          tally.failedCount(),
          tally.failures());
      long dropped = System.nanoTime();
      int count = storm.dropAll(CLOSE_TIMEOUT);
      double secondsToRelease = awaitNoConnections(dropped);
      Report.Memory after = probe.memory(true);
      log(
          name,
          "round %d: registry %.0f after %.1f s; heap after GC %s, direct %s, Netty direct %s",
          round,
          after.activeConnections(),
          secondsToRelease,
          ReportTable.bytes(after.heapUsedBytes()),
          ReportTable.bytes(after.directBufferBytes()),
          ReportTable.bytes(after.nettyDirectUsedBytes()));
      return new Report.StormRound(
          round,
          connections,
          tally.subscribed(),
          tally.failedCount(),
          tally.failures(),
          secondsToOpen,
          count,
          secondsToRelease,
          after);
    }

    /** Seconds from {@code since} until the server holds no connection; NaN on timeout. */
    private double awaitNoConnections(long since) {
      long deadline = System.nanoTime() + RELEASE_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline) {
        double open = probe.metrics().getOrDefault("websocket_active_connections", Double.NaN);
        if (open == 0) {
          return (System.nanoTime() - since) / 1e9;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
      return Double.NaN;
    }

    /**
     * The soak: the fast clients without the slow ones, then with them, the server's memory sampled
     * all along; at the end the slow clients read what is left, to see how the server closed them.
     */
    private Report.Soak soak(List<Measurement> measurements) {
      LoadOptions.Reliability r = options.reliability();
      Report.Memory start = probe.memory(true);
      Map<String, Double> metricsAtStart = probe.metrics();
      MemorySampler sampler = new MemorySampler(probe, r.sampleInterval());
      try {
        connect(options.maxConnections());
        Publisher publisher = publisher();
        log(name, "warm-up");
        measure(publisher, options.rate(), Duration.ZERO, options.warmup());
        Map<String, Double> afterWarmupMetrics = probe.metrics();
        Report.Memory afterWarmup = probe.memory(true);
        Measurement without = measure(publisher, options.rate(), Duration.ZERO, r.compare());
        measurements.add(without);
        logMeasurement("without slow clients", without);
        SlowReaders slow = new SlowReaders(clients, target, r.slowReadInterval());
        Inet4Address slowSource = addresses().forConnection(slowClientsIndex());
        slow.open(r.slowClients(), slowSource, Duration.ofSeconds(60));
        log(name, "%d slow clients from %s", r.slowClients(), slowSource.getHostAddress());
        Map<String, Double> beforeSlow = probe.metrics();
        Measurement with = measure(publisher, options.rate(), Duration.ZERO, options.measure());
        measurements.add(with);
        logMeasurement("with slow clients", with);
        List<Report.SlowClient> outcomes = slow.drainAndEnd(SLOW_END_TIMEOUT);
        Map<String, Double> afterSlow = probe.metrics();
        Report.Memory end = probe.memory(true);
        return new Report.Soak(
            without,
            with,
            with.latencyMillis().p99() / without.latencyMillis().p99(),
            r.slowClients(),
            r.slowReadInterval().toMillis() / 1000.0,
            outcomes,
            start,
            afterWarmup,
            end,
            sampler.stop(),
            byLabel(ServerProbe.STALLS, metricsAtStart, afterWarmupMetrics),
            byLabel(ServerProbe.STALLS, afterWarmupMetrics, afterSlow),
            byLabel(ServerProbe.DROPPED, beforeSlow, afterSlow));
      } finally {
        sampler.stop();
      }
    }

    /** The first connection index on a source address no fast connection uses. */
    private int slowClientsIndex() {
      int perAddress = options.perAddress();
      return SourceAddresses.addressesFor(options.maxConnections(), perAddress) * perAddress;
    }

    private void logMeasurement(String what, Measurement m) {
      log(
          name,
          "%s: %s deliveries/s, p99 %s, drops %s",
          what,
          ReportTable.rate(m.deliveriesPerSecond()),
          ReportTable.ms(m, m.latencyMillis().p99()),
          ReportTable.drops(m));
    }

    private Publisher publisher() {
      Publisher publisher =
          new Publisher(
              publishing.next(),
              target,
              templates,
              deliveries,
              mix.groups(),
              options.tick(),
              options.seed());
      publisher.connect(options.publishers());
      return publisher;
    }

    private void idleSteps() {
      for (int connections : options.connections()) {
        connect(connections);
        log(name, "settling %d s", options.settle().toSeconds());
        pause(options.settle());
        measureHeap(connections);
      }
    }

    private void connect(int connections) {
      long start = System.nanoTime();
      log(name, "opening connections up to %,d", connections);
      fleet.grow(connections, out);
      secondsToSubscribe += (System.nanoTime() - start) / 1e9;
      Fleet.Tally tally = fleet.tally();
      log(
          name,
          "%,d subscribed, %,d failed %s",
          tally.subscribed(),
          tally.failedCount(),
          tally.failures());
      if (tally.subscribed() == 0) {
        throw new IllegalStateException(
            "no connection could subscribe to " + target + ": " + tally.failures());
      }
    }

    private void measureHeap(int connections) {
      HeapHistogram before = baselineHeap;
      if (before == null) {
        return;
      }
      HeapHistogram previous = lastHeap == null ? before : lastHeap;
      int previousConnections =
          heapSteps.isEmpty() ? 0 : heapSteps.get(heapSteps.size() - 1).connections();
      HeapHistogram now = probe.liveHeap();
      double used = probe.heapUsedAfterGc();
      int open = fleet.tally().subscribed();
      Report.HeapStep step =
          new Report.HeapStep(
              open,
              now.totalBytes(),
              (double) (now.totalBytes() - before.totalBytes()) / open,
              (double) (now.totalBytes() - previous.totalBytes()) / (open - previousConnections),
              used,
              (used - baselineHeapUsed) / open);
      heapSteps.add(step);
      lastHeap = now;
      log(
          name,
          "%,d connections: %s live heap per connection (%s used after GC)",
          open,
          ReportTable.bytes(step.liveBytesPerConnection()),
          ReportTable.bytes(step.heapUsedBytesPerConnection()));
    }

    private Report.@Nullable Heap heap() {
      HeapHistogram before = baselineHeap;
      HeapHistogram last = lastHeap;
      if (before == null || last == null) {
        return null;
      }
      int open = heapSteps.get(heapSteps.size() - 1).connections();
      return new Report.Heap(
          before.totalBytes(),
          baselineHeapUsed,
          heapSteps,
          last.growthSince(before, open, TOP_CLASSES));
    }

    /** Measures each rate in turn; in peak mode stops at the first that fails. */
    private @Nullable Measurement measureRates(List<Measurement> measurements) {
      Publisher publisher = publisher();
      Measurement peak = null;
      for (int rate : options.rates()) {
        Measurement m = measure(publisher, rate, options.warmup(), options.measure());
        measurements.add(m);
        boolean passed =
            m.dropFree()
                && m.keptRate()
                && m.latencyMillis().p99() <= options.p99Limit().toNanos() / 1e6;
        log(
            name,
            "%,d events/s: %s deliveries/s, p99 %s, drops %s%s",
            rate,
            ReportTable.rate(m.deliveriesPerSecond()),
            ReportTable.ms(m, m.latencyMillis().p99()),
            ReportTable.drops(m),
            m.keptRate() ? "" : ", publisher fell behind");
        if (options.mode() == Mode.PEAK && !passed) {
          break;
        }
        peak = passed ? m : peak;
      }
      return peak;
    }

    private Measurement measure(Publisher publisher, int rate, Duration warmup, Duration window) {
      log(
          name,
          "%,d events/s: warm-up %d s, then %d s measured",
          rate,
          warmup.toSeconds(),
          window.toSeconds());
      publisher.start(rate, fleet.population());
      pause(warmup);
      Map<String, Double> metricsBefore = probe.metrics();
      long closedBefore = fleet.tally().closedByServerCount();
      double serverCpuBefore = probe.cpuNanos();
      long clientCpuBefore = clientCpuNanos();
      long start = System.nanoTime();
      publisher.openWindow();
      pause(window);
      publisher.stop();
      double seconds = (System.nanoTime() - start) / 1e9;
      double serverCores = (probe.cpuNanos() - serverCpuBefore) / 1e9 / seconds;
      double clientCores = (clientCpuNanos() - clientCpuBefore) / 1e9 / seconds;
      long stopped = System.nanoTime();
      Publisher.Figures figures = drain(publisher);
      double waitedMillis = (System.nanoTime() - stopped) / 1e6;
      Map<String, Double> metricsAfter = probe.metrics();
      long received = deliveries.received();
      Histogram latency = deliveries.latency();
      long expected = figures.expectedDeliveries();
      return new Measurement(
          fleet.tally().subscribed(),
          rate,
          seconds,
          figures.accepted(),
          figures.accepted() / seconds,
          figures.rejected(),
          figures.skipped(),
          figures.rejections(),
          expected,
          received,
          received / seconds,
          Math.max(0, expected - received),
          Math.max(0, received - expected),
          delta(metricsBefore, metricsAfter, "websocket_events_dropped_total"),
          delta(metricsBefore, metricsAfter, "websocket_events_delivered_total"),
          fleet.tally().closedByServerCount() - closedBefore,
          Report.Latency.of(latency, Math.max(0, expected - received), waitedMillis),
          serverCores,
          clientCores);
    }

    /**
     * Waits for the window's deliveries: until all have arrived, the server has sent nothing at all
     * for a while (a server still working through older events is not quiet), or the timeout.
     */
    private Publisher.Figures drain(Publisher publisher) {
      long deadline = System.nanoTime() + options.drainTimeout().toNanos();
      long lastSeen = -1;
      long lastProgress = System.nanoTime();
      while (true) {
        Publisher.Figures figures = publisher.figures();
        long seen = deliveries.seen();
        long now = System.nanoTime();
        if (seen != lastSeen) {
          lastSeen = seen;
          lastProgress = now;
        }
        boolean quiet = now - lastProgress > QUIET_DRAIN.toNanos();
        if (figures.settled()
            && (deliveries.received() >= figures.expectedDeliveries() || quiet || now > deadline)) {
          return figures;
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }

    private Report.Connections connections() {
      Fleet.Tally tally = fleet.tally();
      return new Report.Connections(
          options.maxConnections(),
          tally.subscribed(),
          tally.failedCount(),
          secondsToSubscribe,
          tally.failures(),
          tally.closedByServer(),
          tally.closingReasons(),
          tally.errors(),
          tally.closedCleanlyCount(),
          tally.closeUnansweredCount(),
          deliveries.misrouted(),
          deliveries.unstamped());
    }
  }

  /** A progress line, with the time of day to match against server logs and recordings. */
  private void log(String server, String format, Object... args) {
    out.printf(
        "%s [%s] %s%n",
        LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS),
        server,
        String.format(Locale.ROOT, format, args));
  }

  private Report.Settings settings() {
    return new Report.Settings(
        options.connections(),
        options.rates(),
        options.selectivity(),
        mix.effectiveSelectivity(),
        mix.groups(),
        mix.kind().name().toLowerCase(Locale.ROOT),
        options.warmup().toMillis() / 1000.0,
        options.measure().toMillis() / 1000.0,
        options.perAddress(),
        options.sourceBase().getHostAddress(),
        options.publishers(),
        options.tick().toNanos() / 1e6,
        options.p99Limit().toNanos() / 1e6,
        options.seed());
  }

  /** How much each labelled series of {@code metric} grew from {@code before} to {@code after}. */
  private static Map<String, Double> byLabel(
      String metric, Map<String, Double> before, Map<String, Double> after) {
    Map<String, Double> growth = new java.util.TreeMap<>();
    String prefix = metric + ":";
    after.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            growth.put(key.substring(prefix.length()), value - before.getOrDefault(key, 0.0));
          }
        });
    return growth;
  }

  private static double delta(Map<String, Double> before, Map<String, Double> after, String name) {
    return after.getOrDefault(name, Double.NaN) - before.getOrDefault(name, Double.NaN);
  }

  private static long clientCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static double loadAverage() {
    try {
      return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    } catch (IOException | RuntimeException e) {
      return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
  }

  private static void pause(Duration duration) {
    long end = System.nanoTime() + duration.toNanos();
    for (long left = duration.toNanos(); left > 0; left = end - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
  }
}
