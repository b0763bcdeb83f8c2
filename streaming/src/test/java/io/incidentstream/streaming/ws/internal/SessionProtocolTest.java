package io.incidentstream.streaming.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.fanout.Recipient;
import io.incidentstream.streaming.limits.RateLimiter;
import io.incidentstream.streaming.ws.CloseCode;
import io.incidentstream.streaming.ws.SessionProtocol;
import io.incidentstream.streaming.ws.StreamSession;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport of a {@code /ws} session (frame handler, queue, writer, close handshake) under a
 * protocol other than the stream's: an echo that says nothing first and nothing before it closes.
 */
class SessionProtocolTest {

  private static final int MAX_MESSAGE_SIZE = 64;

  private final List<ByteBuf> sent = new ArrayList<>();
  private EmbeddedChannel channel;

  @BeforeEach
  void open() {
    SessionServices services =
        TestSessionServices.of(
            TestSessionServices.config(10, Duration.ofSeconds(30), MAX_MESSAGE_SIZE),
            new SimpleMeterRegistry(),
            new Echo());
    channel = new EmbeddedChannel();
    NettyStreamSession session =
        new NettyStreamSession("s-1", channel, channel.eventLoop(), "127.0.0.1", services);
    channel
        .pipeline()
        .addLast(new StreamFrameHandler(session, services.frameDecoderConfig, services.metrics));
    session.start();
  }

  @AfterEach
  void finish() {
    if (channel.isOpen()) {
      channel.writeInbound(track(new CloseWebSocketFrame(1000, "")));
      channel.runPendingTasks();
    }
    for (Object leftover; (leftover = channel.readOutbound()) != null; ) {
      ReferenceCountUtil.release(leftover);
    }
    assertThat(channel.finishAndReleaseAll()).isFalse();
    assertThat(sent).allSatisfy(buf -> assertThat(buf.refCnt()).isZero());
  }

  @Test
  void shouldLetTheProtocolSayNothingFirst() {
    channel.runPendingTasks();

    assertThat((Object) channel.readOutbound()).isNull();
  }

  @Test
  void shouldSendTextAsItIs() {
    channel.writeInbound(track(new TextWebSocketFrame(bytes("héllo, wörld"))));

    TextWebSocketFrame echo = next(TextWebSocketFrame.class);
    assertThat(echo.text()).isEqualTo("héllo, wörld");
    echo.release();
  }

  @Test
  void shouldHandAFragmentedBinaryMessageToTheProtocolWhole() {
    channel.writeInbound(track(new BinaryWebSocketFrame(false, 0, bytes("ab"))));
    channel.writeInbound(track(new ContinuationWebSocketFrame(false, 0, bytes(""))));
    channel.writeInbound(track(new ContinuationWebSocketFrame(true, 0, bytes("cd"))));

    BinaryWebSocketFrame echo = next(BinaryWebSocketFrame.class);
    assertThat(ByteBufUtil.getBytes(echo.content()))
        .isEqualTo("abcd".getBytes(StandardCharsets.UTF_8));
    echo.release();
  }

  @Test
  void shouldCloseWithOnlyTheCloseFrameWhenTheProtocolHasNoFarewell() {
    channel.writeInbound(track(new BinaryWebSocketFrame(false, 0, bytes("x".repeat(40)))));
    channel.writeInbound(track(new ContinuationWebSocketFrame(true, 0, bytes("x".repeat(40)))));

    CloseWebSocketFrame close = next(CloseWebSocketFrame.class);
    assertThat(close.statusCode()).isEqualTo(1009);
    close.release();
    assertThat((Object) channel.readOutbound()).isNull();
  }

  private ByteBuf bytes(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
  }

  private <F extends WebSocketFrame> F track(F frame) {
    sent.add(frame.content());
    return frame;
  }

  private <F> F next(Class<F> type) {
    channel.runPendingTasks();
    Object out = channel.readOutbound();
    assertThat(out).isInstanceOf(type);
    return type.cast(out);
  }

  /** Echoes every message; says nothing first and nothing before its own close. */
  private static final class Echo implements SessionProtocol {

    @Override
    public void onOpen(StreamSession session, ServerMessage.Welcome welcome) {}

    @Override
    public <S extends StreamSession & Recipient> void onText(
        S session, RateLimiter limiter, String text) {
      session.sendText(text);
    }

    @Override
    public void onBinary(StreamSession session, byte[] payload) {
      session.sendBinary(payload);
    }

    @Override
    public void onTooLarge(StreamSession session, int maxMessageSize) {
      session.close(CloseCode.MESSAGE_TOO_LARGE, CloseCode.MESSAGE_TOO_LARGE.reason());
    }

    @Override
    public @Nullable ServerMessage farewell(String reason) {
      return null;
    }
  }
}
