package io.incidentstream.streaming.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.model.Priority;
import io.incidentstream.streaming.fanout.EventFrame;
import io.incidentstream.streaming.fanout.internal.TestFrames;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.support.TestEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A queued event holds a reference to the event's shared prefix and one to the cached suffix, and
 * the writer copies both into one exact-size buffer: every path lets go of both references exactly
 * once (written, shed, discarded by a slow-consumer close, left queued when the channel closes,
 * refused after the close, failed socket write), and the written buffer is the whole WebSocket
 * frame, which the frame encoder passes as it is.
 */
class SharedFrameReleaseTest {

  private static final int QUEUE = 4;

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final List<ByteBuf> written = new ArrayList<>();
  private EmbeddedChannel channel;
  private NettyStreamSession session;
  private EventFrame prefix;
  private EventFrame suffix;

  @BeforeEach
  void open() {
    SessionServices services =
        TestSessionServices.of(
            TestSessionServices.config(QUEUE, Duration.ofSeconds(30), 65536), meters);
    channel = new EmbeddedChannel();
    session = new NettyStreamSession("s-1", channel, channel.eventLoop(), "127.0.0.1", services);
    channel
        .pipeline()
        .addLast(new StreamFrameHandler(session, services.frameDecoderConfig, services.metrics));
    session.start();
    channel.runPendingTasks();
    readAll();
    prefix = TestFrames.of("{\"type\":\"event\",\"event\":{\"seq\":1}");
    suffix = TestFrames.of(",\"subscription_ids\":[\"live\"]}");
  }

  @AfterEach
  void finish() {
    channel.finishAndReleaseAll();
    readAll().forEach(ReferenceCountUtil::release);
    assertThat(TestFrames.refCnt(prefix)).as("only its maker holds the prefix").isOne();
    assertThat(TestFrames.refCnt(suffix)).as("only its maker holds the suffix").isOne();
    TestFrames.release(prefix);
    TestFrames.release(suffix);
    assertThat(written).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
  }

  @Test
  void shouldWriteOneBufferHoldingTheWholeFrameAndLetGoOfTheSharedOnes() {
    channel.pipeline().addFirst("wsencoder", new WebSocket13FrameEncoder(false));
    session.deliver(event(1, Priority.NORMAL), prefix, suffix);
    assertThat(TestFrames.refCnt(prefix)).as("queued: one reference, no copy yet").isEqualTo(2);
    channel.runPendingTasks();

    List<Object> out = readAll();
    assertThat(out).hasSize(1);
    ByteBuf frame = (ByteBuf) out.get(0);
    String payload = "{\"type\":\"event\",\"event\":{\"seq\":1},\"subscription_ids\":[\"live\"]}";
    assertThat(frame.readableBytes()).isEqualTo(2 + payload.length());
    assertThat(frame.capacity()).as("exact size").isEqualTo(frame.readableBytes());
    assertThat(frame.isDirect()).isTrue();
    assertThat(frame.getByte(0) & 0xFF).as("FIN, text").isEqualTo(0x81);
    assertThat(frame.getByte(1) & 0xFF).as("unmasked length").isEqualTo(payload.length());
    assertThat(frame.toString(2, payload.length(), StandardCharsets.UTF_8)).isEqualTo(payload);
    frame.release();
    assertThat(TestFrames.refCnt(prefix)).isOne();
    assertThat(TestFrames.refCnt(suffix)).isOne();
  }

  @Test
  void shouldWriteTheExtendedLengthOfALargerFrame() {
    EventFrame large = TestFrames.of("x".repeat(1_000));
    try {
      session.deliver(event(1, Priority.NORMAL), large, suffix);
      channel.runPendingTasks();

      ByteBuf frame = (ByteBuf) readAll().get(0);
      int payload = 1_000 + ",\"subscription_ids\":[\"live\"]}".length();
      assertThat(ByteBufUtil.hexDump(frame, 0, 4)).isEqualTo(String.format("817e%04x", payload));
      assertThat(frame.readableBytes()).isEqualTo(4 + payload);
      frame.release();
      assertThat(TestFrames.refCnt(large)).isOne();
    } finally {
      TestFrames.release(large);
    }
  }

  @Test
  void shouldLetGoOfShedEvents() {
    for (int seq = 1; seq <= QUEUE; seq++) {
      session.deliver(event(seq, Priority.LOW), prefix, suffix);
    }
    for (int seq = QUEUE + 1; seq <= QUEUE + 3; seq++) {
      session.deliver(event(seq, Priority.HIGH), prefix, suffix);
    }
    session.deliver(event(QUEUE + 4, Priority.LOW), prefix, suffix);
    assertThat(TestFrames.refCnt(prefix)).as("the maker's and the queue's four").isEqualTo(5);

    channel.runPendingTasks();

    readAll().forEach(ReferenceCountUtil::release);
    assertThat(shedLow()).isEqualTo(4);
    assertThat(TestFrames.refCnt(prefix)).isOne();
  }

  @Test
  void shouldLetGoOfQueuedEventsWhenClosedAsASlowConsumer() {
    for (int seq = 1; seq <= QUEUE; seq++) {
      session.deliver(event(seq, Priority.CRITICAL), prefix, suffix);
    }
    session.deliver(event(QUEUE + 1, Priority.CRITICAL), prefix, suffix);

    channel.runPendingTasks();

    assertThat(TestFrames.refCnt(prefix)).as("queued events discarded").isOne();

    List<Object> out = readAll();
    assertThat(out).last().isInstanceOf(CloseWebSocketFrame.class);
    assertThat(((CloseWebSocketFrame) out.get(out.size() - 1)).statusCode()).isEqualTo(4008);
    out.forEach(ReferenceCountUtil::release);
    session.deliver(event(QUEUE + 2, Priority.CRITICAL), prefix, suffix);
    assertThat(TestFrames.refCnt(prefix)).as("nothing taken once closing").isOne();
  }

  @Test
  void shouldLetGoOfQueuedEventsWhenTheChannelClosesBeforeTheyAreWritten() {
    for (int seq = 1; seq <= 3; seq++) {
      session.deliver(event(seq, Priority.NORMAL), prefix, suffix);
    }
    assertThat(TestFrames.refCnt(prefix)).isEqualTo(4);

    channel.close();
    channel.runPendingTasks();

    assertThat(TestFrames.refCnt(prefix)).isOne();
    assertThat(TestFrames.refCnt(suffix)).isOne();
    session.deliver(event(4, Priority.NORMAL), prefix, suffix);
    assertThat(TestFrames.refCnt(prefix)).as("nothing taken once closed").isOne();
  }

  @Test
  void shouldReleaseTheFrameWhenTheSocketWriteFails() {
    channel
        .pipeline()
        .addFirst(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                if (msg instanceof ByteBuf buf && !(msg instanceof WebSocketFrame)) {
                  written.add(buf);
                }
                ReferenceCountUtil.release(msg);
                promise.setFailure(new IOException("Broken pipe"));
              }
            });

    session.deliver(event(1, Priority.NORMAL), prefix, suffix);
    session.deliver(event(2, Priority.NORMAL), prefix, suffix);
    channel.runPendingTasks();

    assertThat(written)
        .as("the first write fails; the rest is discarded with the session")
        .hasSize(1);
    assertThat(written).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
    assertThat(TestFrames.refCnt(prefix)).isOne();
    assertThat(meters.counter(MetricNames.SEND_ERRORS).count()).isPositive();
  }

  private double shedLow() {
    return meters
        .counter(
            MetricNames.EVENTS_DROPPED, MetricNames.TAG_REASON, MetricNames.DROP_QUEUE_FULL_LOW)
        .count();
  }

  private List<Object> readAll() {
    List<Object> out = new ArrayList<>();
    for (Object next; (next = channel.readOutbound()) != null; ) {
      out.add(next);
    }
    return out;
  }

  private static EventEnvelope event(long seq, Priority priority) {
    EventEnvelope e = TestEvents.envelope(seq, Instant.now());
    return new EventEnvelope(e.messageId(), seq, e.timestamp(), priority, e.tenant(), e.event());
  }
}
