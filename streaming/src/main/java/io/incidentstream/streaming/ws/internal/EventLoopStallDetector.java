package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.metrics.MetricNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports a server event loop that stops running its tasks: something blocks it or keeps it busy.
 * Neither Netty nor Micronaut reports that by itself (Netty throws only when a thread awaits a
 * future of its own loop; Micronaut's event loop threads refuse Reactor's {@code block()}), so a
 * watchdog thread posts a probe task to each loop every {@code stream.event-loop.probe-interval}; a
 * probe still waiting after {@code stream.event-loop.stall-threshold} is a stall: one WARN naming
 * the loop with its thread's stack, and one count of {@code stream_event_loop_stalls_total}. When
 * the loop runs again a second WARN says how long it was stalled.
 *
 * <p>It costs the loops one small task per interval and nothing per delivered event. A round in
 * which the watchdog itself woke later than the threshold (the whole process was paused, e.g. by
 * the garbage collector, or the machine starved it) reports nothing, since no loop could have run.
 * Thread-safe: the watchdog thread owns the reporting, the loops only mark their probes done.
 */
@Singleton
final class EventLoopStallDetector implements ApplicationEventListener<ServerStartupEvent> {

  private static final Logger LOG = LoggerFactory.getLogger(EventLoopStallDetector.class);

  private final long thresholdNanos;
  private final long intervalNanos;
  private final Counter blocked;
  private final Counter busy;
  private final List<LoopProbe> probes = new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService watchdog =
      Executors.newSingleThreadScheduledExecutor(
          task -> {
            Thread thread = new Thread(task, "event-loop-watchdog");
            thread.setDaemon(true);
            return thread;
          });
  private final EventLoopGroupRegistry loops;
  private long lastRound;

  EventLoopStallDetector(
      EventLoopGroupRegistry loops, EventLoopSettings settings, MeterRegistry registry) {
    this.loops = loops;
    this.thresholdNanos = settings.stallThreshold().toNanos();
    this.intervalNanos = settings.probeInterval().toNanos();
    this.blocked = stallCounter(registry, MetricNames.STALL_BLOCKED);
    this.busy = stallCounter(registry, MetricNames.STALL_BUSY);
  }

  private static Counter stallCounter(MeterRegistry registry, String kind) {
    return Counter.builder(MetricNames.EVENT_LOOP_STALLS)
        .description("Event loop stalls: a probe task waited longer than the threshold")
        .tag(MetricNames.TAG_KIND, kind)
        .register(registry);
  }

  @Override
  public void onApplicationEvent(ServerStartupEvent event) {
    watch(loops.getDefaultEventLoopGroup());
  }

  /** Starts probing every loop of {@code group}. */
  synchronized void watch(EventLoopGroup group) {
    if (!probes.isEmpty()) {
      return;
    }
    int index = 0;
    for (EventExecutor loop : group) {
      probes.add(new LoopProbe(loop, index++));
    }
    lastRound = System.nanoTime();
    watchdog.scheduleWithFixedDelay(
        this::round, intervalNanos, intervalNanos, TimeUnit.NANOSECONDS);
  }

  /** One watchdog round: report stalled loops, post a fresh probe to every idle one. */
  private void round() {
    long now = System.nanoTime();
    boolean watchdogLate = now - lastRound - intervalNanos > thresholdNanos;
    lastRound = now;
    for (LoopProbe probe : probes) {
      try {
        probe.check(now, watchdogLate);
      } catch (RuntimeException e) {
        LOG.debug("probing {} failed", probe.name(), e);
      }
    }
  }

  /** Probes the loops have run so far: a test sees that the detector looked. */
  long probesRun() {
    return probes.stream().mapToLong(p -> p.runs).sum();
  }

  @PreDestroy
  void stop() {
    watchdog.shutdownNow();
  }

  /** One event loop's probe; its fields are written by the watchdog and read by the loop. */
  private final class LoopProbe implements Runnable {
    private final EventExecutor loop;
    private final int index;

    /** When the pending probe was posted; 0 when none is pending. */
    private volatile long postedAt;

    private volatile @Nullable Thread thread;
    private volatile long ranAfterNanos;

    /** Probes this loop ran (written by the loop only). */
    private volatile long runs;

    private boolean reported;

    /** The end of the last round in which the watchdog itself was late: no stall counts before. */
    private long excusedAt;

    LoopProbe(EventExecutor loop, int index) {
      this.loop = loop;
      this.index = index;
    }

    @Override
    public void run() {
      thread = Thread.currentThread();
      ranAfterNanos = System.nanoTime() - postedAt;
      runs++;
      postedAt = 0;
    }

    void check(long now, boolean watchdogLate) {
      if (loop.isShuttingDown()) {
        return;
      }
      long posted = postedAt;
      if (watchdogLate) {
        excusedAt = now;
      }
      if (posted != 0) {
        if (!reported && now - Math.max(posted, excusedAt) > thresholdNanos) {
          reported = true;
          reportStalled(now - posted);
        }
        return;
      }
      if (reported) {
        reported = false;
        LOG.warn(
            "event loop {} ran again after a stall of {} ms", name(), ranAfterNanos / 1_000_000);
      }
      postedAt = now;
      loop.execute(this);
    }

    /**
     * A loop whose thread waits (on a lock, a sleep, a future) is blocked by the code it runs; one
     * whose thread is runnable is busy: running long tasks, or starved of CPU by the machine.
     */
    private void reportStalled(long nanos) {
      Thread stuck = thread;
      Thread.State state = stuck == null ? Thread.State.RUNNABLE : stuck.getState();
      boolean waiting = state != Thread.State.RUNNABLE && state != Thread.State.TERMINATED;
      (waiting ? blocked : busy).increment();
      StallTrace trace =
          new StallTrace(name(), stuck == null ? new StackTraceElement[0] : stuck.getStackTrace());
      LOG.warn(
          "event loop {} has not run a task for {} ms (stream.event-loop.stall-threshold {} ms):"
              + " it is {} (thread {}); its stack is attached",
          name(),
          nanos / 1_000_000,
          thresholdNanos / 1_000_000,
          waiting ? MetricNames.STALL_BLOCKED : MetricNames.STALL_BUSY,
          state,
          trace);
    }

    String name() {
      Thread t = thread;
      return t == null ? "#" + index : t.getName();
    }
  }

  /** The stack of a stalled loop's thread, logged as the WARN's throwable. */
  static final class StallTrace extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StallTrace(String loop, StackTraceElement[] stack) {
      super("stack of event loop " + loop + " while stalled", null, false, true);
      setStackTrace(stack);
    }
  }
}
