package io.incidentstream.perf.jmh;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.filter.SubscriptionIndex;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Subscribing into, then unsubscribing from, a bucket that already holds {@code bucketSize}
 * subscriptions (all on the same event type): the cost of a write should not grow with the bucket.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class SubscribeBenchmark {

  private static final SubscriptionFilters CREATED =
      Fixtures.eventTypes(EventType.INCIDENT_CREATED);

  @Param({"1000", "100000"})
  int bucketSize;

  private final Object newcomer = new Object();
  private SubscriptionIndex<Object> index = new SubscriptionIndex<>();

  @Setup
  public void setUp() {
    index = new SubscriptionIndex<>();
    for (int i = 0; i < bucketSize; i++) {
      index.put(new Object(), "created", CREATED);
    }
    if (subscribeAndUnsubscribe() != bucketSize) {
      throw new IllegalStateException("index size changed");
    }
  }

  @Benchmark
  public int subscribeAndUnsubscribe() {
    index.put(newcomer, "created", CREATED);
    index.remove(newcomer, "created");
    return index.size();
  }
}
