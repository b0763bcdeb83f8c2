package io.incidentstream.perf.jmh;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.filter.EventMatcher;
import io.incidentstream.domain.filter.MatchSink;
import io.incidentstream.domain.filter.SubscriptionIndex;
import java.util.List;
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
 * Matching one event against N subscriptions: the {@link SubscriptionIndex} against a plain linear
 * scan over the same compiled matchers (what a broadcaster testing a predicate per session does).
 * Both return the number of matching subscription ids; {@code @Setup} checks that both find exactly
 * the selectivity the fixture was built for.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class IndexBenchmark {

  @Param({"100", "10000", "100000"})
  int subscriptions;

  @Param({"0.001", "0.01", "0.1"})
  double selectivity;

  private final IncidentEvent event = Fixtures.created();
  private SubscriptionIndex<Object> index = new SubscriptionIndex<>();
  private EventMatcher[] matchers = new EventMatcher[0];
  private final IdCounter ids = new IdCounter();

  /** Counts the subscription ids the index reports: what fan-out would hand to the sessions. */
  private static final class IdCounter implements MatchSink<Object> {
    int count;

    @Override
    public void matched(Object subscriber, List<String> subscriptionIds) {
      count += subscriptionIds.size();
    }
  }

  @Setup
  public void setUp() {
    List<SubscriptionMix.Subscription> mix = SubscriptionMix.build(subscriptions, selectivity, 42);
    Object[] subscribers = new Object[subscriptions / SubscriptionMix.PER_SUBSCRIBER + 1];
    for (int i = 0; i < subscribers.length; i++) {
      subscribers[i] = new Object();
    }
    index = new SubscriptionIndex<>();
    matchers = new EventMatcher[mix.size()];
    for (int i = 0; i < mix.size(); i++) {
      SubscriptionMix.Subscription s = mix.get(i);
      matchers[i] = index.put(subscribers[s.subscriber()], s.id(), s.filters());
    }
    int expected = SubscriptionMix.expectedMatches(subscriptions, selectivity);
    check("index", index(), expected);
    check("linear scan", linearScan(), expected);
  }

  private static void check(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalStateException(
          what + " matched " + actual + " subscriptions, the fixture has " + expected);
    }
  }

  @Benchmark
  public int index() {
    IdCounter counter = ids;
    counter.count = 0;
    index.match(event, counter);
    return counter.count;
  }

  @Benchmark
  public int linearScan() {
    EventMatcher[] all = matchers;
    IncidentEvent e = event;
    int ids = 0;
    for (int i = 0; i < all.length; i++) {
      if (all[i].matches(e)) {
        ids++;
      }
    }
    return ids;
  }
}
