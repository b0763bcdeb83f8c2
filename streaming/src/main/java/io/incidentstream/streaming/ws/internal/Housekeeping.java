package io.incidentstream.streaming.ws.internal;

import io.incidentstream.streaming.config.StreamConfiguration;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Heartbeats and the idle sweep, per event loop: each loop that holds sessions gets a {@link
 * LoopHousekeeper} and a tick on its own scheduler, so the work runs where the sessions live, a
 * slice per tick, and never crosses threads. Sessions join and leave through tasks on their loop.
 * Thread-safe.
 */
@Singleton
final class Housekeeping {

  private static final Logger LOG = LoggerFactory.getLogger(Housekeeping.class);

  /** Longest tick: a 30 s heartbeat is spread over 300 ticks. */
  private static final long MAX_TICK_MILLIS = 100;

  /** Shortest tick. */
  private static final long MIN_TICK_MILLIS = 10;

  private final long tickMillis;
  private final long heartbeatNanos;
  private final long sessionTimeoutNanos;
  private final long cleanupNanos;
  private final Map<EventLoop, Loop> loops = new ConcurrentHashMap<>();

  Housekeeping(StreamConfiguration config) {
    this.heartbeatNanos = positive(config.heartbeatInterval());
    this.sessionTimeoutNanos = config.sessionTimeout().toNanos();
    this.cleanupNanos = positive(config.cleanupInterval());
    this.tickMillis = tickMillis(config.heartbeatInterval(), config.cleanupInterval());
  }

  /** A tenth of the shorter period, within 10..100 ms. */
  static long tickMillis(Duration heartbeat, Duration cleanup) {
    long shorter = Math.min(heartbeat.toMillis(), cleanup.toMillis());
    return Math.max(MIN_TICK_MILLIS, Math.min(MAX_TICK_MILLIS, shorter / 10));
  }

  private static long positive(Duration period) {
    return Math.max(TimeUnit.MILLISECONDS.toNanos(MIN_TICK_MILLIS), period.toNanos());
  }

  /** Starts the session's heartbeat and idle checks. Any thread. */
  void add(NettyStreamSession session) {
    EventLoop loop = session.eventLoop();
    onLoop(loop, () -> housekeeper(loop).add(session));
  }

  /** Ends them. Any thread. */
  void remove(NettyStreamSession session) {
    EventLoop loop = session.eventLoop();
    onLoop(loop, () -> housekeeper(loop).remove(session));
  }

  private static void onLoop(EventLoop loop, Runnable task) {
    try {
      loop.execute(task);
    } catch (RejectedExecutionException loopGone) {
      LOG.debug("event loop gone; its sessions are too");
    }
  }

  private LoopHousekeeper housekeeper(EventLoop loop) {
    return loops.computeIfAbsent(loop, this::start).housekeeper;
  }

  private Loop start(EventLoop loop) {
    LoopHousekeeper housekeeper =
        new LoopHousekeeper(
            TimeUnit.MILLISECONDS.toNanos(tickMillis),
            heartbeatNanos,
            sessionTimeoutNanos,
            cleanupNanos);
    ScheduledFuture<?> ticks =
        loop.scheduleAtFixedRate(
            () -> tick(housekeeper), tickMillis, tickMillis, TimeUnit.MILLISECONDS);
    return new Loop(housekeeper, ticks);
  }

  private static void tick(LoopHousekeeper housekeeper) {
    try {
      housekeeper.tick(System.nanoTime());
    } catch (RuntimeException e) {
      LOG.error("session housekeeping failed", e);
    }
  }

  @PreDestroy
  void stop() {
    loops.values().forEach(loop -> loop.ticks.cancel(false));
    loops.clear();
  }

  private record Loop(LoopHousekeeper housekeeper, ScheduledFuture<?> ticks) {}
}
