package io.incidentstream.streaming.demo;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.streaming.StreamingException;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.ingest.TenantIds;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ShutdownEvent;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes demo incident lifecycles through the {@link EventPublisher} at {@code
 * stream.demo.events-per-second}, on its own scheduled thread, from start-up until shutdown.
 * Thread-safe: the script is touched only by that thread.
 */
@Singleton
@Requires(property = "stream.demo.enabled", value = "true")
public final class DemoEventGenerator implements AutoCloseable {

  static final String THREAD_NAME = "demo-event-generator";
  private static final int LOG_EVERY_NTH_FAILURE = 1000;
  private static final Logger LOG = LoggerFactory.getLogger(DemoEventGenerator.class);

  private final EventPublisher publisher;
  private final DemoConfiguration config;
  private final DemoScript script;
  private final Clock clock = Clock.systemUTC();
  private final AtomicLong failures = new AtomicLong();
  private final ScheduledExecutorService scheduler =
      Executors.newSingleThreadScheduledExecutor(DemoEventGenerator::newThread);

  public DemoEventGenerator(EventPublisher publisher, DemoConfiguration config) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.config = Objects.requireNonNull(config, "config");
    TenantIds.requireValid(config.tenant());
    Long seed = config.seed();
    this.script = new DemoScript(seed == null ? new Random() : new Random(seed));
  }

  @EventListener
  void onStartup(StartupEvent event) {
    start();
  }

  /** Stops before beans are destroyed, so no tick races the bus going away. */
  @EventListener
  void onShutdown(ShutdownEvent event) {
    close();
  }

  /** Starts publishing; called once, at start-up. */
  public void start() {
    long periodNanos = TimeUnit.SECONDS.toNanos(1) / config.eventsPerSecond();
    scheduler.scheduleAtFixedRate(this::tick, 0, periodNanos, TimeUnit.NANOSECONDS);
    LOG.info(
        "Demo generator publishing {} events/s for tenant '{}'",
        config.eventsPerSecond(),
        config.tenant());
  }

  @PreDestroy
  @Override
  public void close() {
    scheduler.shutdownNow();
  }

  private void tick() {
    try {
      IncidentEvent event = script.next(clock.instant());
      publisher.publish(List.of(event), config.tenant()).whenComplete((ok, e) -> onPublished(e));
    } catch (RuntimeException e) {
      // A thrown exception would cancel the schedule for good: count it and keep going.
      onPublished(e);
    }
  }

  /** Logs the first failure and every {@value #LOG_EVERY_NTH_FAILURE}th: no flood at 5/s. */
  private void onPublished(@Nullable Throwable failure) {
    if (failure == null || failures.getAndIncrement() % LOG_EVERY_NTH_FAILURE != 0) {
      return;
    }
    if (failure instanceof StreamingException) {
      LOG.warn(
          "Demo event not published ({} failures so far): {}",
          failures.get(),
          failure.getMessage());
    } else {
      LOG.warn("Demo event not published ({} failures so far)", failures.get(), failure);
    }
  }

  private static Thread newThread(Runnable task) {
    Thread thread = new Thread(task, THREAD_NAME);
    thread.setDaemon(true);
    return thread;
  }
}
