package io.incidentstream.perf.load;

import io.incidentstream.perf.load.Report.Measurement;
import io.incidentstream.perf.load.Report.ServerRun;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * How ours compares with the baseline under the same load, each ratio oriented so that above 1
 * means ours is better (named "a / b" for the order of division). Stateless.
 */
final class Ratios {

  private Ratios() {}

  /** Empty unless the run had a baseline (first) and ours (last). */
  static Map<String, Double> of(LoadOptions.Mode mode, List<ServerRun> servers) {
    Map<String, Double> ratios = new LinkedHashMap<>();
    if (servers.size() != 2) {
      return ratios;
    }
    ServerRun baseline = servers.get(0);
    ServerRun ours = servers.get(1);
    heap(ratios, baseline, ours);
    switch (mode) {
      case LATENCY -> latency(ratios, first(baseline), first(ours));
      case PEAK -> peak(ratios, baseline.peak(), ours.peak());
      case IDLE, STORM, SOAK -> {}
    }
    // A figure one side lacks (nothing delivered in time, no peak) gives no ratio.
    ratios.values().removeIf(ratio -> !Double.isFinite(ratio) || ratio <= 0);
    return ratios;
  }

  private static void heap(Map<String, Double> ratios, ServerRun baseline, ServerRun ours) {
    if (baseline.heap() != null && ours.heap() != null) {
      ratios.put(
          "heap per connection, baseline / ours",
          lastStep(baseline.heap()).liveBytesPerConnection()
              / lastStep(ours.heap()).liveBytesPerConnection());
    }
  }

  private static void latency(
      Map<String, Double> ratios, @Nullable Measurement baseline, @Nullable Measurement ours) {
    if (baseline == null || ours == null) {
      return;
    }
    ratios.put(
        "p99 latency, baseline / ours",
        baseline.latencyMillis().p99() / ours.latencyMillis().p99());
    ratios.put(
        "p50 latency, baseline / ours",
        baseline.latencyMillis().p50() / ours.latencyMillis().p50());
    ratios.put(
        "server CPU per delivery, baseline / ours",
        cpuPerDelivery(baseline) / cpuPerDelivery(ours));
  }

  private static void peak(
      Map<String, Double> ratios, @Nullable Measurement baseline, @Nullable Measurement ours) {
    if (baseline == null || ours == null) {
      return;
    }
    ratios.put(
        "peak deliveries/s, ours / baseline",
        ours.deliveriesPerSecond() / baseline.deliveriesPerSecond());
  }

  private static double cpuPerDelivery(Measurement m) {
    return m.serverCpuCores() / m.deliveriesPerSecond();
  }

  private static @Nullable Measurement first(ServerRun run) {
    return run.measurements().isEmpty() ? null : run.measurements().get(0);
  }

  private static Report.HeapStep lastStep(Report.Heap heap) {
    return heap.steps().get(heap.steps().size() - 1);
  }
}
