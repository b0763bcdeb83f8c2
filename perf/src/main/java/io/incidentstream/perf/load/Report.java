package io.incidentstream.perf.load;

import java.net.URI;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.jspecify.annotations.Nullable;

/**
 * Everything one load run measured: per server (the baseline first when there is one) the
 * connections, the heap per connection and one measurement per rate, plus the ratios between the
 * servers. Written as JSON by {@link ReportJson} and as text by {@link ReportTable}. Immutable.
 */
record Report(
    LoadOptions.Mode mode,
    Settings settings,
    Machine machine,
    List<ServerRun> servers,
    Map<String, Double> ratios) {

  Report {
    servers = List.copyOf(servers);
    ratios = Collections.unmodifiableMap(new LinkedHashMap<>(ratios));
  }

  /** What was asked for, and the filter mix it turned into. */
  record Settings(
      List<Integer> connections,
      List<Integer> rates,
      double selectivity,
      double effectiveSelectivity,
      int teams,
      String filterMix,
      double warmupSeconds,
      double measureSeconds,
      int perAddress,
      String sourceBase,
      int publishers,
      double tickMillis,
      double p99LimitMillis,
      long seed) {}

  /** The machine and load generator JVM; load averages before and after the run. */
  record Machine(
      int cpus,
      String java,
      List<String> clientJvmArgs,
      double loadAverageBefore,
      double loadAverageAfter,
      String startedAt) {}

  /** One server's results. */
  record ServerRun(
      String name,
      URI target,
      @Nullable Long pid,
      String serverJvm,
      Connections connections,
      @Nullable Heap heap,
      List<Measurement> measurements,
      @Nullable Measurement peak,
      @Nullable Storm storm,
      @Nullable Soak soak) {

    ServerRun {
      measurements = List.copyOf(measurements);
    }
  }

  /**
   * The server's memory and registry at one moment, from its own {@code /prometheus}: heap used
   * (after a full GC when {@code afterGc}), NIO direct buffers, Netty's pooled direct memory (held
   * by the pools, and pinned by buffers in use), and {@code websocket_active_connections}. NaN for
   * what the server does not export.
   */
  record Memory(
      String at,
      boolean afterGc,
      double heapUsedBytes,
      double directBufferBytes,
      double nettyDirectUsedBytes,
      double nettyDirectPinnedBytes,
      double activeConnections) {}

  /** A connection storm: the server before the first round, then after each. */
  record Storm(Memory before, List<StormRound> rounds, boolean serverUp) {
    Storm {
      rounds = List.copyOf(rounds);
    }
  }

  /**
   * One storm round: connections opened (subscribed) and dropped without a close handshake (every
   * other one with a TCP reset), then the server once it let them go.
   *
   * @param secondsToRelease from the drop until the server's registry held no connection (NaN if it
   *     never did within the timeout)
   * @param after the server after the release, after a full GC
   */
  record StormRound(
      int round,
      int attempted,
      int opened,
      int failed,
      Map<String, Long> failures,
      double secondsToOpen,
      int dropped,
      double secondsToRelease,
      Memory after) {}

  /**
   * A soak: the fast clients' measurement without and then with the slow clients, what happened to
   * the slow clients, the server's memory over time and its stall and shedding counters.
   *
   * @param p99Ratio the fast clients' p99 with the slow clients over their p99 without
   * @param samples the server's memory every sample interval from the start of the run (no forced
   *     GC)
   * @param stallsDuringWarmup the server's {@code stream_event_loop_stalls_total} by kind ({@code
   *     blocked}, {@code busy}) while the clients connected and the warm-up ran
   * @param stallsAfterWarmup the same from the end of the warm-up to the end of the run
   * @param dropped the server's {@code websocket_events_dropped_total} by reason over the run with
   *     the slow clients
   */
  record Soak(
      Measurement withoutSlowClients,
      Measurement withSlowClients,
      double p99Ratio,
      int slowClients,
      double slowReadIntervalSeconds,
      List<SlowClient> slow,
      Memory start,
      Memory afterWarmup,
      Memory end,
      List<Memory> samples,
      Map<String, Double> stallsDuringWarmup,
      Map<String, Double> stallsAfterWarmup,
      Map<String, Double> dropped) {
    Soak {
      stallsDuringWarmup = Collections.unmodifiableMap(new LinkedHashMap<>(stallsDuringWarmup));
      stallsAfterWarmup = Collections.unmodifiableMap(new LinkedHashMap<>(stallsAfterWarmup));
      slow = List.copyOf(slow);
      samples = List.copyOf(samples);
      dropped = Collections.unmodifiableMap(new LinkedHashMap<>(dropped));
    }
  }

  /**
   * What one slow client saw: frames read, and how its connection ended: the close code of the
   * server's close frame, or how TCP ended without one.
   */
  record SlowClient(
      String sourceAddress,
      boolean subscribed,
      long framesRead,
      @Nullable Integer closeCode,
      @Nullable String closingReason,
      String ending) {}

  /** What happened to the connections over the whole run. */
  record Connections(
      int requested,
      int subscribed,
      int failed,
      double secondsToSubscribe,
      Map<String, Long> failures,
      Map<String, Long> closedByServer,
      Map<String, Long> closingReasons,
      Map<String, Long> errors,
      long closedCleanly,
      long closeUnanswered,
      long misroutedDeliveries,
      long unstampedDeliveries) {}

  /**
   * Server heap per subscribed connection: live bytes after a full GC (class histogram) at each
   * connection count, minus the same with no connections; and the JVM's own heap-used figure after
   * {@code GC.run}, the same way.
   */
  record Heap(
      long baselineLiveBytes,
      double baselineHeapUsedBytes,
      List<HeapStep> steps,
      List<HeapHistogram.Growth> topClassesPerConnection) {

    Heap {
      steps = List.copyOf(steps);
      topClassesPerConnection = List.copyOf(topClassesPerConnection);
    }
  }

  /**
   * @param marginalLiveBytesPerConnection live bytes added per connection since the previous step
   *     (the first step: since no connections); equal steps mean the cost is linear
   */
  record HeapStep(
      int connections,
      long liveBytes,
      double liveBytesPerConnection,
      double marginalLiveBytesPerConnection,
      double heapUsedBytes,
      double heapUsedBytesPerConnection) {}

  /** One fixed-rate measurement window. */
  record Measurement(
      int connections,
      int targetEventsPerSecond,
      double seconds,
      long eventsPublished,
      double eventsPerSecond,
      long eventsRejected,
      long eventsSkipped,
      Map<String, Long> rejections,
      long expectedDeliveries,
      long receivedDeliveries,
      double deliveriesPerSecond,
      long missingDeliveries,
      long extraDeliveries,
      double serverDroppedEvents,
      double serverDeliveredEvents,
      long connectionsClosed,
      Latency latencyMillis,
      double serverCpuCores,
      double clientCpuCores) {

    /** Nothing lost: every expected delivery arrived, no connection closed, none shed. */
    boolean dropFree() {
      return missingDeliveries == 0
          && eventsRejected == 0
          && connectionsClosed == 0
          && !(serverDroppedEvents > 0);
    }

    /** The publisher kept within 5% of the rate asked for. */
    boolean keptRate() {
      return eventsPerSecond >= 0.95 * targetEventsPerSecond;
    }

    /** Events lost any way: missing deliveries, shed by the server, or refused at ingest. */
    double drops() {
      double shed = serverDroppedEvents > 0 ? serverDroppedEvents : 0;
      return missingDeliveries + shed + eventsRejected;
    }
  }

  /**
   * End-to-end latency, publish to receive, in milliseconds. Deliveries that never arrived count as
   * slower than any that did: a percentile that falls among them is unknown (NaN, {@code null} in
   * JSON), and was at least {@code undeliveredWaitedAtLeast} (how long the run waited after the
   * last event was published).
   */
  record Latency(
      long count,
      double p50,
      double p90,
      double p99,
      double p999,
      double max,
      double mean,
      long undelivered,
      double undeliveredWaitedAtLeast) {

    static Latency of(Histogram micros, long undelivered, double waitedMillis) {
      long count = micros.getTotalCount();
      double max = undelivered > 0 || count == 0 ? Double.NaN : millis(micros.getMaxValue());
      return new Latency(
          count,
          percentile(micros, undelivered, 50),
          percentile(micros, undelivered, 90),
          percentile(micros, undelivered, 99),
          percentile(micros, undelivered, 99.9),
          max,
          count == 0 ? Double.NaN : micros.getMean() / 1000,
          undelivered,
          undelivered > 0 ? waitedMillis : 0);
    }

    /** The percentile over received and undelivered deliveries together. */
    private static double percentile(Histogram micros, long undelivered, double percentile) {
      long received = micros.getTotalCount();
      long rank = (long) Math.ceil(percentile / 100 * (received + undelivered));
      if (rank == 0 || rank > received) {
        return Double.NaN;
      }
      return millis(micros.getValueAtPercentile(100.0 * rank / received));
    }

    private static double millis(long micros) {
      return micros / 1000.0;
    }
  }
}
