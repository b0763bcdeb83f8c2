package io.incidentstream.streaming.fanout.internal;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.filter.TenantPartitionedIndex;
import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.domain.protocol.BusEnvelope;
import io.incidentstream.domain.protocol.ClusterCodec;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.EventFrame;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.metrics.StreamMetrics;
import io.incidentstream.streaming.support.TestEvents;
import io.incidentstream.streaming.tracing.StreamTracing;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Live fan-out crosses threads once per event loop per event, never once per recipient. */
class LiveFanOutTest {

  private final TenantPartitionedIndex<Connection> index = new TenantPartitionedIndex<>();
  private final SuffixCache suffixes = new SuffixCache(16);
  private final LiveFanOut fanOut =
      new LiveFanOut(
          index,
          new StreamPosition(0),
          new FrameEncoder(),
          suffixes,
          new StreamMetrics(new SimpleMeterRegistry()),
          StreamTracing.OFF);
  private final List<FakeRecipient> recipients = new ArrayList<>();

  @AfterEach
  void releaseCachedSuffixes() {
    suffixes.clear();
  }

  private void subscribe(int count, Loop... loops) {
    for (int i = 0; i < count; i++) {
      FakeRecipient recipient = new FakeRecipient(loops[i % loops.length]);
      recipients.add(recipient);
      Connection connection = new Connection(recipient);
      index.scope(connection, TenantScope.ALL);
      index.put(connection, i % 3 == 0 ? "a" : "b", SubscriptionFilters.NONE);
    }
  }

  @Test
  void shouldWriteTheFrameFromTheEventJsonTheBusCarried() {
    Loop loop = new Loop();
    subscribe(2, loop);
    EventEnvelope envelope = TestEvents.envelope(1, Instant.now());
    String tail = new String(new ClusterCodec().encodeEnvelopeTail(envelope), UTF_8);
    // Same event, spaced as no encoder here would write it: only the bus bytes can put it there.
    String spaced = tail.replace("{\"event_type\":", "{ \"event_type\" :");
    Decoded<BusEnvelope> decoded =
        new ClusterCodec()
            .decodeEnvelope(("{\"epoch\":\"e:0\",\"seq\":1" + spaced).getBytes(UTF_8));
    BusEnvelope bus = ((Decoded.Ok<BusEnvelope>) decoded).value();

    fanOut.dispatch(bus.envelope(), bus.encodedEvent());
    loop.runAll();

    assertThat(recipients)
        .allSatisfy(r -> assertThat(r.frames.get(0)).contains("\"event\":{ \"event_type\" :"));
  }

  @Test
  void shouldHandEachEventLoopOneTaskPerEventWhateverItsRecipients() {
    Loop first = new Loop();
    Loop second = new Loop();
    subscribe(1000, first, second);

    fanOut.dispatch(TestEvents.envelope(1, Instant.now()));

    assertThat(first.handOffs + second.handOffs).isLessThanOrEqualTo(2);
    assertThat(recipients).allSatisfy(r -> assertThat(r.frames).isEmpty());

    first.runAll();
    second.runAll();

    assertThat(recipients).allSatisfy(r -> assertThat(r.frames).hasSize(1));
    assertThat(recipients.get(0).frames.get(0)).endsWith("\"subscription_ids\":[\"a\"]}");
    assertThat(recipients.get(1).frames.get(0)).endsWith("\"subscription_ids\":[\"b\"]}");
    assertThat(recipients).allSatisfy(r -> assertThat(r.onItsLoop).isTrue());
  }

  @Test
  void shouldKeepEachRecipientsEventsInSeqOrder() {
    Loop loop = new Loop();
    subscribe(10, loop);

    for (long seq = 1; seq <= 5; seq++) {
      fanOut.dispatch(TestEvents.envelope(seq, Instant.now()));
    }
    loop.runAll();

    assertThat(loop.handOffs).isEqualTo(5);
    assertThat(recipients).allSatisfy(r -> assertThat(r.seqs).containsExactly(1L, 2L, 3L, 4L, 5L));
  }

  @Test
  void shouldEncodeEachDistinctSubscriptionIdListOnce() {
    Loop loop = new Loop();
    subscribe(1000, loop);

    fanOut.dispatch(TestEvents.envelope(1, Instant.now()));
    fanOut.dispatch(TestEvents.envelope(2, Instant.now()));
    loop.runAll();

    assertThat(suffixes.size()).isEqualTo(2);
  }

  /** An event loop that counts the tasks handed to it and runs them when told. */
  private static final class Loop implements Executor {

    private final Queue<Runnable> tasks = new ArrayDeque<>();
    int handOffs;
    boolean running;

    @Override
    public void execute(Runnable task) {
      handOffs++;
      tasks.add(task);
    }

    void runAll() {
      running = true;
      for (Runnable task; (task = tasks.poll()) != null; ) {
        task.run();
      }
      running = false;
    }
  }

  private static final class FakeRecipient implements Recipient {

    private final Loop loop;
    final List<String> frames = new ArrayList<>();
    final List<Long> seqs = new ArrayList<>();
    boolean onItsLoop = true;

    FakeRecipient(Loop loop) {
      this.loop = loop;
    }

    @Override
    public String id() {
      return "r";
    }

    @Override
    public TenantScope tenantScope() {
      return TenantScope.ALL;
    }

    @Override
    public Executor executor() {
      return loop;
    }

    @Override
    public void deliver(EventEnvelope envelope, EventFrame frame, EventFrame suffix) {
      onItsLoop &= loop.running;
      seqs.add(envelope.seq());
      var content = PooledEventFrame.of(frame).retainedContent();
      var ids = PooledEventFrame.of(suffix).retainedContent();
      try {
        frames.add(content.toString(StandardCharsets.UTF_8) + ids.toString(StandardCharsets.UTF_8));
      } finally {
        content.release();
        ids.release();
      }
    }

    @Override
    public Room deliverIfRoom(EventEnvelope envelope, EventFrame frame, EventFrame suffix) {
      throw new AssertionError("no catch-up here");
    }

    @Override
    public void whenDrained(Runnable task) {}

    @Override
    public void send(ServerMessage message) {}

    @Override
    public void catchUpFellBehind() {}

    @Override
    public void streamRestarted() {}
  }
}
