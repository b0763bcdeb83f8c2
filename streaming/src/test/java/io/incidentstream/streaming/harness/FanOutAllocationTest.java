package io.incidentstream.streaming.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.protocol.ClientMessage;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.support.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the write path allocates per recipient: one event to 1,000 subscribed sessions through the
 * real engine, sessions, queues, writers and WebSocket encoder (embedded channels), as the index
 * test does for a match. The bound is the target for the fan-out benchmark.
 *
 * <p>The paranoid leak detector every test runs with records a stack trace per buffer, which is
 * what it would measure; it is off for this class only, and every buffer is still released.
 */
class FanOutAllocationTest {

  private static ResourceLeakDetector.Level leakDetection;

  @BeforeAll
  static void measureWithoutTheLeakDetector() {
    leakDetection = ResourceLeakDetector.getLevel();
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
  }

  @AfterAll
  static void restoreTheLeakDetector() {
    ResourceLeakDetector.setLevel(leakDetection);
  }

  private static final int SESSIONS = 1_000;
  private static final int EVENTS = 100;
  private static final long BYTES_PER_RECIPIENT = 64;

  private final FanOutHarness fanOut =
      new FanOutHarness(config(), new StreamMetrics(new SimpleMeterRegistry()));

  @AfterEach
  void close() {
    fanOut.close();
  }

  @Test
  void shouldAllocateAtMost64BytesPerRecipient() {
    for (int i = 0; i < SESSIONS; i++) {
      fanOut.openSubscribed(new ClientMessage.Subscribe("live", SubscriptionFilters.NONE, null));
    }
    fanOut.flush();
    List<EventEnvelope> warmUp = envelopes(1, EVENTS);
    List<EventEnvelope> measured = envelopes(EVENTS + 1, EVENTS);
    long written = deliver(warmUp);
    assertThat(written).as("every session got every event").isGreaterThan(EVENTS * SESSIONS * 100L);
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();

    long before = threads.getThreadAllocatedBytes(thread);
    deliver(measured);
    long allocated = threads.getThreadAllocatedBytes(thread) - before;

    assertThat(allocated / ((long) EVENTS * SESSIONS))
        .as("bytes allocated per recipient (%d in all)", allocated)
        .isLessThanOrEqualTo(BYTES_PER_RECIPIENT);
  }

  private long deliver(List<EventEnvelope> envelopes) {
    long bytes = 0;
    for (int i = 0, n = envelopes.size(); i < n; i++) {
      fanOut.dispatch(envelopes.get(i));
      bytes += fanOut.flush();
    }
    return bytes;
  }

  private static List<EventEnvelope> envelopes(long firstSeq, int count) {
    List<EventEnvelope> envelopes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      envelopes.add(TestEvents.envelope(firstSeq + i, Instant.now()));
    }
    return envelopes;
  }

  private static StreamConfiguration config() {
    return new StreamConfiguration(
        1000,
        1 << 20,
        Duration.ofSeconds(30),
        Duration.ofSeconds(300),
        Duration.ofSeconds(60),
        65536,
        100,
        SESSIONS + 1,
        SESSIONS + 1,
        100,
        1000,
        Duration.ofMinutes(10),
        "allocation-test",
        false,
        Duration.ofSeconds(1));
  }
}
