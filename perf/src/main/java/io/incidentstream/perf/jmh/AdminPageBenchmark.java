package io.incidentstream.perf.jmh;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.port.SessionFilter;
import io.incidentstream.domain.port.SessionPage;
import io.incidentstream.domain.port.SessionPageRequest;
import io.incidentstream.domain.port.SessionSort;
import io.incidentstream.domain.port.SessionSortField;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.streaming.harness.FanOutHarness;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the admin API's {@code sessions(first: 50)} costs at 50,000 sessions, and what it costs the
 * stream: real {@code /ws} sessions on embedded channels ({@link FanOutHarness}), each subscribed,
 * half of them to the events dispatched. {@code page*} run alone in sample-time mode (p50, p99 of
 * one page: the scan over every session, the copy of the page, its subscriptions copied on
 * fan-out's dispatch thread). The {@code stream*} groups measure fan-out throughput (one operation
 * = one event written to every matching session, so deliveries/s = ops/s × sessions / 2), alone and
 * with a console polling {@code sessions(first: 50)} without pause on a second thread.
 */
@State(Scope.Benchmark)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms3g", "-Xmx3g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class AdminPageBenchmark {

  private static final SubscriptionFilters MATCHING =
      Fixtures.eventTypes(EventType.INCIDENT_CREATED);
  private static final SubscriptionFilters OTHER = Fixtures.eventTypes(EventType.COMMENT_ADDED);

  private static final SessionPageRequest NEWEST_50 =
      new SessionPageRequest(SessionFilter.ALL, SessionSort.DEFAULT, 50, null);
  private static final SessionPageRequest MOST_DELIVERED_SUBSCRIBED_50 =
      new SessionPageRequest(
          new SessionFilter(null, null, null, null, null, null, null, EventType.INCIDENT_CREATED),
          new SessionSort(SessionSortField.EVENTS_DELIVERED, true),
          50,
          null);

  @Param({"50000"})
  int sessions;

  private FanOutHarness fanOut;
  private long seq;

  @Setup
  public void setUp() {
    fanOut =
        new FanOutHarness(
            Fixtures.streamConfig(sessions), new StreamMetrics(new SimpleMeterRegistry()));
    for (int i = 0; i < sessions; i++) {
      SubscriptionFilters filters = i % 2 == 0 ? MATCHING : OTHER;
      fanOut.openSubscribed(new ClientMessage.Subscribe("live", filters, null));
    }
    fanOut.flush();
    fanOut.dispatch(Fixtures.envelope(++seq));
    fanOut.flush();
    SessionPage page = fanOut.page(NEWEST_50);
    if (page.sessions().size() != 50
        || page.totalCount() != sessions
        || page.sessions().get(0).subscriptions().size() != 1) {
      throw new IllegalStateException("unexpected first page: " + page.totalCount());
    }
  }

  @TearDown
  public void tearDown() {
    fanOut.close();
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public SessionPage pageNewest50() {
    return fanOut.page(NEWEST_50);
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public SessionPage pageFilteredSorted50() {
    return fanOut.page(MOST_DELIVERED_SUBSCRIBED_50);
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Group("streamAlone")
  @GroupThreads(1)
  public long streamAlone() {
    return deliverOne();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Group("streamPolled")
  @GroupThreads(1)
  public long streamPolledDeliver() {
    return deliverOne();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Group("streamPolled")
  @GroupThreads(1)
  public SessionPage streamPolledConsole() {
    return fanOut.page(NEWEST_50);
  }

  private long deliverOne() {
    fanOut.dispatch(Fixtures.envelope(++seq));
    return fanOut.flush();
  }
}
