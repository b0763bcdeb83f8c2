package io.incidentstream.perf.jmh;

import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.filter.MatchSink;
import io.incidentstream.domain.filter.SubscriptionIndex;
import io.incidentstream.domain.filter.TenantPartitionedIndex;
import io.incidentstream.domain.model.TenantScope;
import java.util.List;
import java.util.Set;
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
 * Matching one event of one tenant when {@code tenants} tenants hold {@code perTenant}
 * subscriptions each (every tenant the same realistic mix, each with its own sessions, each session
 * scoped to its one tenant). {@code partitioned} is the {@link TenantPartitionedIndex} fan-out
 * uses: its cost should not depend on {@code tenants}. {@code sharedIndexThenTenantCheck} is the
 * design it replaced: one index over every tenant's subscriptions, the tenant checked per matching
 * session afterwards; its cost grows with the number of tenants. {@code @Setup} checks that both
 * report exactly the one tenant's matches.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class TenantIndexBenchmark {

  @Param({"1", "100"})
  int tenants;

  @Param({"1000"})
  int perTenant;

  @Param({"0.01"})
  double tenantSelectivity;

  private static final String MATCHED_TENANT = "tenant-0";

  private final IncidentEvent event = Fixtures.created();
  private final IdCounter partitionedIds = new IdCounter();
  private final TenantCheckingCounter sharedIds = new TenantCheckingCounter();
  private TenantPartitionedIndex<Session> partitioned = new TenantPartitionedIndex<>();
  private SubscriptionIndex<Session> shared = new SubscriptionIndex<>();

  /** A session of one tenant. */
  record Session(int number, TenantScope scope) {}

  /** Counts the subscription ids reported: what fan-out would hand to the sessions. */
  private static final class IdCounter implements MatchSink<Session> {
    int count;

    @Override
    public void matched(Session subscriber, List<String> subscriptionIds) {
      count += subscriptionIds.size();
    }
  }

  /** The replaced design's sink: drops sessions of other tenants after they matched. */
  private static final class TenantCheckingCounter implements MatchSink<Session> {
    int count;

    @Override
    public void matched(Session subscriber, List<String> subscriptionIds) {
      if (subscriber.scope().allows(MATCHED_TENANT)) {
        count += subscriptionIds.size();
      }
    }
  }

  @Setup
  public void setUp() {
    partitioned = new TenantPartitionedIndex<>();
    shared = new SubscriptionIndex<>();
    List<SubscriptionMix.Subscription> mix =
        SubscriptionMix.build(perTenant, tenantSelectivity, 42);
    int sessionsPerTenant = perTenant / SubscriptionMix.PER_SUBSCRIBER + 1;
    for (int t = 0; t < tenants; t++) {
      TenantScope scope = new TenantScope(false, Set.of("tenant-" + t));
      Session[] sessions = new Session[sessionsPerTenant];
      for (int i = 0; i < sessions.length; i++) {
        sessions[i] = new Session(t * sessionsPerTenant + i, scope);
        partitioned.scope(sessions[i], scope);
      }
      for (SubscriptionMix.Subscription s : mix) {
        partitioned.put(sessions[s.subscriber()], s.id(), s.filters());
        shared.put(sessions[s.subscriber()], s.id(), s.filters());
      }
    }
    int expected = SubscriptionMix.expectedMatches(perTenant, tenantSelectivity);
    check("partitioned", partitioned(), expected);
    check("shared index then tenant check", sharedIndexThenTenantCheck(), expected);
    check("partitions", partitioned.tenantPartitions(), tenants);
  }

  private static void check(String what, int actual, int expected) {
    if (actual != expected) {
      throw new IllegalStateException(what + ": got " + actual + ", the fixture has " + expected);
    }
  }

  @Benchmark
  public int partitioned() {
    IdCounter counter = partitionedIds;
    counter.count = 0;
    partitioned.match(MATCHED_TENANT, event, counter);
    return counter.count;
  }

  @Benchmark
  public int sharedIndexThenTenantCheck() {
    TenantCheckingCounter counter = sharedIds;
    counter.count = 0;
    shared.match(event, counter);
    return counter.count;
  }
}
