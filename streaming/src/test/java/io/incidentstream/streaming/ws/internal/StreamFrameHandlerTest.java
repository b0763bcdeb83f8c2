package io.incidentstream.streaming.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.streaming.metrics.MetricNames;
import io.incidentstream.streaming.ws.CloseCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The frame handler and session on an {@link EmbeddedChannel}: frames in, frames out. */
class StreamFrameHandlerTest {

  private static final int MAX_MESSAGE_SIZE = 64;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PING = "{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:00Z\"}";

  private final List<ByteBuf> sent = new ArrayList<>();
  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private EmbeddedChannel channel;
  private SessionServices services;
  private NettyStreamSession session;

  @BeforeEach
  void open() {
    services =
        TestSessionServices.of(
            TestSessionServices.config(10, Duration.ofSeconds(30), MAX_MESSAGE_SIZE), meters);
    channel = new EmbeddedChannel();
    session = new NettyStreamSession("s-1", channel, channel.eventLoop(), "127.0.0.1", services);
    channel
        .pipeline()
        .addLast(new StreamFrameHandler(session, services.frameDecoderConfig, services.metrics));
    session.start();
    assertThat(nextText().path("type").asText()).isEqualTo("welcome");
  }

  @AfterEach
  void finish() {
    if (channel.isOpen()) {
      channel.writeInbound(track(new CloseWebSocketFrame(1000, "")));
      channel.runPendingTasks();
    }
    for (Object leftover; (leftover = channel.readOutbound()) != null; ) {
      io.netty.util.ReferenceCountUtil.release(leftover);
    }
    assertThat(channel.finishAndReleaseAll()).isFalse();
    assertThat(sent).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
  }

  @Test
  void shouldCountAFailedSocketWriteAsASendErrorOnly() {
    channel
        .pipeline()
        .addFirst(
            new ChannelOutboundHandlerAdapter() {
              @Override
              public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
                ReferenceCountUtil.release(msg);
                promise.setFailure(new IOException("Broken pipe"));
              }
            });

    channel.writeInbound(text(PING, true));
    channel.runPendingTasks();

    assertThat(meters.counter(MetricNames.SEND_ERRORS).count()).isEqualTo(1);
    assertThat(meters.counter(MetricNames.INTERNAL_ERRORS).count()).isZero();
  }

  @Test
  void shouldCountAnUnexpectedExceptionAsAnInternalErrorAndClose1011() {
    channel.pipeline().fireExceptionCaught(new IllegalStateException("a bug"));

    assertThat(meters.counter(MetricNames.INTERNAL_ERRORS).count()).isEqualTo(1);
    assertThat(meters.counter(MetricNames.SEND_ERRORS).count()).isZero();
    assertThat(nextText().path("type").asText()).isEqualTo("closing");
    assertThat(nextClose().statusCode()).isEqualTo(1011);
  }

  @Test
  void shouldReassembleFragmentsWithinTheLimit() {
    channel.writeInbound(text(PING.substring(0, 20), false));
    channel.writeInbound(continuation(PING.substring(20), true));

    assertThat(nextText().path("type").asText()).isEqualTo("pong");
  }

  @Test
  void shouldSendTooLargeClosingAnd1009WhenFragmentsPassTheLimit() {
    channel.writeInbound(text("x".repeat(40), false));
    channel.writeInbound(continuation("x".repeat(40), false));
    channel.writeInbound(continuation("x".repeat(40), true));

    assertThat(nextText().path("code").asText()).isEqualTo("MESSAGE_TOO_LARGE");
    assertThat(nextText().path("type").asText()).isEqualTo("closing");
    assertThat(nextClose().statusCode()).isEqualTo(1009);
  }

  @Test
  void shouldFailAnInvalidUtf8TextWith1007WithoutWaitingForTheClient() {
    channel.writeInbound(bytesText(new byte[] {'"', (byte) 0xC3, (byte) 0x28, '"'}, true));

    assertThat(nextText().path("type").asText()).isEqualTo("closing");
    assertThat(nextClose().statusCode()).isEqualTo(1007);
    assertThat(channel.isOpen()).as("closed once the close frame is out").isFalse();
  }

  @Test
  void shouldAcceptACharacterSplitAcrossFragments() {
    byte[] ping =
        PING.replace("ping\"", "ping\",\"x\":\"\u00e9\"").getBytes(StandardCharsets.UTF_8);
    int split = new String(ping, StandardCharsets.UTF_8).indexOf('\u00e9') + 1;

    channel.writeInbound(bytesText(java.util.Arrays.copyOfRange(ping, 0, split), false));
    channel.writeInbound(
        bytesContinuation(java.util.Arrays.copyOfRange(ping, split, ping.length), true));

    assertThat(nextText().path("type").asText()).isEqualTo("pong");
  }

  @Test
  void shouldFailAMessageWhoseLastFragmentEndsInsideACharacterWith1007() {
    channel.writeInbound(bytesText(new byte[] {'"', 'a'}, false));
    channel.writeInbound(bytesContinuation(new byte[] {'b', (byte) 0xE2, (byte) 0x82}, true));

    assertThat(nextText().path("type").asText()).isEqualTo("closing");
    assertThat(nextClose().statusCode()).isEqualTo(1007);
  }

  @Test
  void shouldFailAFrameWithAnRsvBitWith1002() {
    channel.writeInbound(
        track(
            new TextWebSocketFrame(
                true, 0b100, Unpooled.copiedBuffer(PING, StandardCharsets.UTF_8))));

    assertThat(nextText().path("type").asText()).isEqualTo("closing");
    assertThat(nextClose().statusCode()).isEqualTo(1002);
  }

  @Test
  void shouldFailACloseFrameWithACodeNoEndpointMaySendWith1002() {
    channel.writeInbound(
        track(
            new CloseWebSocketFrame(
                true, 0, Unpooled.wrappedBuffer(new byte[] {0x03, (byte) 0xED}))));

    assertThat(nextText().path("type").asText()).isEqualTo("closing");
    assertThat(nextClose().statusCode()).isEqualTo(1002);
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void shouldTellTheCloseCodesAnEndpointMaySend() {
    assertThat(
            java.util.stream.IntStream.rangeClosed(0, 6000)
                .filter(StreamFrameHandler::isSendableCloseCode))
        .containsExactlyElementsOf(
            java.util.stream.IntStream.concat(
                    java.util.stream.IntStream.of(
                        1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014),
                    java.util.stream.IntStream.rangeClosed(3000, 4999))
                .boxed()
                .toList());
  }

  @Test
  void shouldAnswerBinaryWithUnsupported() {
    channel.writeInbound(track(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {1}))));

    assertThat(nextText().path("code").asText()).isEqualTo("UNSUPPORTED");
  }

  @Test
  void shouldAnswerAWebSocketPingWithItsPayload() {
    channel.writeInbound(
        track(new PingWebSocketFrame(Unpooled.copiedBuffer("hb", StandardCharsets.UTF_8))));
    channel.runPendingTasks();

    PongWebSocketFrame pong = channel.readOutbound();
    assertThat(pong.content().toString(StandardCharsets.UTF_8)).isEqualTo("hb");
    pong.release();
  }

  @Test
  void shouldCountAPongAsActivityButNotAsTheClientSpeaking() {
    long frameBefore = session.lastClientFrameNanos();
    long activityBefore = session.lastActivityNanos();
    await().until(() -> System.nanoTime() > activityBefore);

    channel.writeInbound(track(new PongWebSocketFrame(Unpooled.buffer(0))));

    assertThat(session.lastActivityNanos()).isGreaterThan(activityBefore);
    assertThat(session.lastClientFrameNanos()).isEqualTo(frameBefore);

    channel.writeInbound(text(PING, true));

    assertThat(session.lastClientFrameNanos()).isGreaterThan(frameBefore);
    assertThat(nextText().path("type").asText()).isEqualTo("pong");
  }

  @Test
  void shouldEchoTheClientsCloseCodeAndCloseTheChannel() {
    channel.writeInbound(track(new CloseWebSocketFrame(4321, "bye")));
    channel.runPendingTasks();

    CloseWebSocketFrame echo = channel.readOutbound();
    assertThat(echo.statusCode()).isEqualTo(4321);
    echo.release();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void shouldTurnAServerSideCloseIntoClosingAnd1001() {
    channel.close();

    assertShutdownCloseHandshake();
  }

  /** The shutdown drain may start the close before Micronaut's channel.close() reaches us. */
  @Test
  void shouldKeepTheCloseHandshakeWhenTheChannelIsClosedWhileClosing() {
    session.close(CloseCode.GOING_AWAY, CloseCode.GOING_AWAY.reason());
    channel.close();

    assertShutdownCloseHandshake();
  }

  /** closing + 1001 go out, and the channel stays open until the client's close frame arrives. */
  private void assertShutdownCloseHandshake() {
    assertThat(nextText().path("reason").asText()).isEqualTo("server shutting down");
    assertThat(nextClose().statusCode()).isEqualTo(1001);
    assertThat(channel.isOpen()).as("waits for the client's close frame").isTrue();

    channel.writeInbound(track(new CloseWebSocketFrame(1001, "")));
    channel.runPendingTasks();
    assertThat(channel.isOpen()).isFalse();
  }

  @Test
  void shouldWelcomeThenCloseASessionRefusedByTheRegistry() {
    services.registry.startDraining();
    EmbeddedChannel refused = new EmbeddedChannel();
    NettyStreamSession session =
        new NettyStreamSession("s-2", refused, refused.eventLoop(), "127.0.0.1", services);
    refused
        .pipeline()
        .addLast(new StreamFrameHandler(session, services.frameDecoderConfig, services.metrics));

    session.start();
    refused.runPendingTasks();

    List<String> types = new ArrayList<>();
    for (Object out; (out = refused.readOutbound()) != null; ) {
      if (out instanceof TextWebSocketFrame text) {
        types.add(text.text().replaceAll(".*\"type\":\"([a-z_]+)\".*", "$1"));
      } else if (out instanceof CloseWebSocketFrame close) {
        types.add("close " + close.statusCode());
      }
      io.netty.util.ReferenceCountUtil.release(out);
    }
    assertThat(types).containsExactly("welcome", "closing", "close 1001");
    assertThat(services.registry.get("s-2")).isNull();
    refused.finishAndReleaseAll();
  }

  private TextWebSocketFrame text(String text, boolean last) {
    return track(
        new TextWebSocketFrame(last, 0, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
  }

  private TextWebSocketFrame bytesText(byte[] bytes, boolean last) {
    return track(new TextWebSocketFrame(last, 0, Unpooled.copiedBuffer(bytes)));
  }

  private ContinuationWebSocketFrame bytesContinuation(byte[] bytes, boolean last) {
    return track(new ContinuationWebSocketFrame(last, 0, Unpooled.copiedBuffer(bytes)));
  }

  private ContinuationWebSocketFrame continuation(String text, boolean last) {
    return track(
        new ContinuationWebSocketFrame(
            last, 0, Unpooled.copiedBuffer(text, StandardCharsets.UTF_8)));
  }

  private <F extends WebSocketFrame> F track(F frame) {
    sent.add(frame.content());
    return frame;
  }

  private JsonNode nextText() {
    channel.runPendingTasks();
    Object out = channel.readOutbound();
    assertThat(out).isInstanceOf(TextWebSocketFrame.class);
    TextWebSocketFrame frame = (TextWebSocketFrame) out;
    try {
      return JSON.readTree(frame.text());
    } catch (Exception e) {
      throw new AssertionError(e);
    } finally {
      frame.release();
    }
  }

  private CloseWebSocketFrame nextClose() {
    channel.runPendingTasks();
    Object out = channel.readOutbound();
    assertThat(out).isInstanceOf(CloseWebSocketFrame.class);
    CloseWebSocketFrame close = (CloseWebSocketFrame) out;
    int code = close.statusCode();
    close.release();
    return new CloseWebSocketFrame(code, "");
  }
}
