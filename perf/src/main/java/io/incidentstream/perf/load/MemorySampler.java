package io.incidentstream.perf.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Samples the server's memory ({@link ServerProbe#memory}, without forcing a GC) at a fixed
 * interval on its own thread, from construction until {@link #stop}. Thread-safe.
 */
final class MemorySampler {

  private final List<Report.Memory> samples = new ArrayList<>();
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "memory-sampler");
            thread.setDaemon(true);
            return thread;
          });

  MemorySampler(ServerProbe probe, Duration interval) {
    timer.scheduleAtFixedRate(
        () -> add(probe.memory(false)), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  private synchronized void add(Report.Memory sample) {
    samples.add(sample);
  }

  /** Stops sampling (idempotent) and returns the samples taken. */
  List<Report.Memory> stop() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (this) {
      return List.copyOf(samples);
    }
  }
}
