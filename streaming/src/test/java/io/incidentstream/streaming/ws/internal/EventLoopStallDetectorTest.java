package io.incidentstream.streaming.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.incidentstream.streaming.metrics.MetricNames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.http.netty.channel.EventLoopGroupConfiguration;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The stall detector on real Netty event loops: a loop blocked on purpose is reported once (WARN
 * with its stack, one count), then said to run again; loops that only run their normal tasks are
 * never reported.
 */
class EventLoopStallDetectorTest {

  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(EventLoopStallDetector.class);
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final EventLoopGroup group =
      new MultiThreadIoEventLoopGroup(
          2, new DefaultThreadFactory("stall-test"), NioIoHandler.newFactory());
  private final CountDownLatch release = new CountDownLatch(1);
  private EventLoopStallDetector detector;

  @BeforeEach
  void start() {
    logged.start();
    logger.addAppender(logged);
    detector =
        new EventLoopStallDetector(
            registryOf(group),
            new EventLoopSettings(Duration.ofMillis(200), Duration.ofMillis(20)),
            meters);
    detector.watch(group);
  }

  @AfterEach
  void stop() {
    release.countDown();
    detector.stop();
    logger.detachAppender(logged);
    group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Test
  void shouldReportNothingWhileTheLoopsRunTheirTasks() {
    for (int i = 0; i < 200; i++) {
      group.next().execute(() -> {});
    }

    await().atMost(Duration.ofSeconds(30)).until(() -> detector.probesRun() >= 50);

    assertThat(stalls()).isZero();
    assertThat(warnings()).isEmpty();
  }

  @Test
  void shouldReportABlockedLoopOnceWithItsStackAndWhenItRunsAgain() {
    await().atMost(Duration.ofSeconds(30)).until(() -> detector.probesRun() >= 4);
    group.next().execute(this::blockUntilReleased);

    await().atMost(Duration.ofSeconds(30)).until(() -> stalls() == 1 && !warnings().isEmpty());
    assertThat(stalls(MetricNames.STALL_BLOCKED)).isEqualTo(1);
    ILoggingEvent warning = warnings().get(0);
    assertThat(warning.getFormattedMessage())
        .startsWith("event loop stall-test-")
        .contains("has not run a task for")
        .contains("stream.event-loop.stall-threshold 200 ms")
        .contains("it is blocked (thread TIMED_WAITING)");
    assertThat(warning.getThrowableProxy()).isNotNull();
    assertThat(Arrays.toString(warning.getThrowableProxy().getStackTraceElementProxyArray()))
        .contains("blockUntilReleased");

    release.countDown();

    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> warnings().stream().anyMatch(w -> w.getFormattedMessage().contains("ran again")));
    assertThat(stalls()).isEqualTo(1);
  }

  @Test
  void shouldReportALoopKeptBusyAsBusy() {
    await().atMost(Duration.ofSeconds(30)).until(() -> detector.probesRun() >= 4);
    group.next().execute(this::spinUntilReleased);

    await().atMost(Duration.ofSeconds(30)).until(() -> stalls() == 1 && !warnings().isEmpty());
    release.countDown();

    assertThat(stalls(MetricNames.STALL_BUSY)).isEqualTo(1);
    assertThat(warnings().get(0).getFormattedMessage()).contains("it is busy (thread RUNNABLE)");
  }

  private void spinUntilReleased() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (release.getCount() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
  }

  private void blockUntilReleased() {
    try {
      release.await(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private double stalls() {
    return stalls(MetricNames.STALL_BLOCKED) + stalls(MetricNames.STALL_BUSY);
  }

  private double stalls(String kind) {
    return meters
        .get(MetricNames.EVENT_LOOP_STALLS)
        .tag(MetricNames.TAG_KIND, kind)
        .counter()
        .count();
  }

  private List<ILoggingEvent> warnings() {
    List<ILoggingEvent> events;
    synchronized (logged) { // the appender appends under its own lock, from the watchdog thread
      events = new ArrayList<>(logged.list);
    }
    return events.stream().filter(e -> e.getLevel() == Level.WARN).toList();
  }

  static EventLoopGroupRegistry registryOf(EventLoopGroup group) {
    return new EventLoopGroupRegistry() {
      @Override
      public Optional<EventLoopGroup> getEventLoopGroup(String name) {
        return Optional.of(group);
      }

      @Override
      public EventLoopGroup getDefaultEventLoopGroup() {
        return group;
      }

      @Override
      public Optional<EventLoopGroupConfiguration> getEventLoopGroupConfiguration(String name) {
        return Optional.empty();
      }
    };
  }
}
