package io.incidentstream.perf.jmh;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.harness.FanOutHarness;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * One event to N subscribed sessions through the real fan-out path ({@link FanOutHarness}): the
 * fan-out engine matches it in the subscription index and encodes its frame once; each session
 * queues a retained duplicate plus its own {@code subscription_ids} in its outbound queue; each
 * session's writer then drains the queue through the WebSocket frame encoder of an {@code
 * EmbeddedChannel} (no sockets). One operation is one event delivered to, and written by, every
 * session; B/op divided by N is the cost per recipient.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class FanOutBenchmark {

  private static final SubscriptionFilters FILTERS =
      new SubscriptionFilters(
          List.of(EventType.INCIDENT_CREATED, EventType.ESCALATED),
          List.of(Severity.P0, Severity.P1, Fixtures.SEVERITY),
          List.of(),
          List.of(),
          List.of(),
          Map.of("team", Fixtures.TEAM),
          List.of());

  @Param({"100", "1000", "10000"})
  int sessions;

  private FanOutHarness fanOut;
  private long seq;

  @Setup
  public void setUp() {
    StreamConfiguration config = Fixtures.streamConfig(sessions);
    StreamMetrics metrics = new StreamMetrics(new SimpleMeterRegistry());
    fanOut = new FanOutHarness(config, metrics);
    for (int i = 0; i < sessions; i++) {
      fanOut.openSubscribed(new ClientMessage.Subscribe("live", FILTERS, null));
    }
    fanOut.flush();
    checkOneRoundTrip();
  }

  /** Every session writes exactly one frame: the event with its own subscription id. */
  private void checkOneRoundTrip() {
    fanOut.dispatch(Fixtures.envelope(++seq));
    int frame =
        new ProtocolCodec()
            .encode(new ServerMessage.Event(Fixtures.envelope(seq), List.of("live")))
            .length;
    long header = frame < 126 ? 2 : frame < 65536 ? 4 : 10;
    long first = fanOut.flush(0);
    long all = first + fanOut.flush();
    if (first != frame + header || all != (frame + header) * sessions) {
      throw new IllegalStateException(
          "expected " + sessions + " frames of " + (frame + header) + " bytes, got " + all);
    }
  }

  @TearDown
  public void tearDown() {
    fanOut.close();
  }

  @Benchmark
  public long fanOut() {
    EventEnvelope envelope = Fixtures.envelope(++seq);
    fanOut.dispatch(envelope);
    return fanOut.flush();
  }
}
