package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.support.ReliabilityReport;
import io.incidentstream.streaming.support.RawWsClient;
import io.incidentstream.streaming.support.RawWsClient.Ending;
import io.incidentstream.streaming.support.RawWsClient.Frame;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestEvents;
import io.incidentstream.streaming.support.TestPublisher;
import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * RFC 6455 over the wire, against the running server (the production beans), with raw sockets: each
 * bad input gets its close code (or protocol error, or HTTP answer), each limit is tried at the
 * limit and one past it, and after each case an event published to a bystander, subscribed on
 * another connection since before the case, still reaches it. Writes section {@code 20-wire} of the
 * reliability report.
 */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.handshake-timeout", value = WireConformanceIT.HANDSHAKE_TIMEOUT)
class WireConformanceIT {

  static final String HANDSHAKE_TIMEOUT = "3s";

  private static final int MAX_MESSAGE_SIZE = 64 * 1024;
  private static final int MAX_MESSAGES_PER_SECOND = 100;
  private static final int FIN = 0x80;
  private static final int TEXT = 0x1;
  private static final int CONTINUATION = 0x0;
  private static final int CLOSE = 0x8;
  private static final int PING = 0x9;
  private static final int PONG = 0xA;
  private static final String PING_JSON =
      "{\"type\":\"ping\",\"timestamp\":\"2026-01-01T00:00:00Z\"}";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<List<Object>> ROWS = Collections.synchronizedList(new ArrayList<>());

  @Inject EmbeddedServer server;
  @Inject TestPublisher publisher;
  @Inject ConnectionRegistry registry;

  private WsTestClient bystander;
  private String lastSessionId;

  @BeforeEach
  void openBystander() {
    bystander = WsTestClient.connectAndAwaitWelcome(server.getURI());
    bystander.subscribe("all", "{}");
    bystander.awaitType("subscribed");
  }

  @AfterEach
  void closeBystander() {
    bystander.close();
  }

  @AfterAll
  static void writeSection() {
    List<List<Object>> rows;
    synchronized (ROWS) {
      rows = new ArrayList<>(ROWS);
    }
    rows.sort((a, b) -> String.valueOf(a.get(0)).compareTo(String.valueOf(b.get(0))));
    long published = rows.stream().mapToLong(r -> (Integer) r.get(5)).sum();
    long delivered = rows.stream().mapToLong(r -> (Integer) r.get(6)).sum();
    ReliabilityReport.section(
        "20-wire",
        "Wire conformance: RFC 6455 over raw sockets",
        """
        What a client sent over a raw TCP socket to a running server (the production beans, \
        embedded mode, `max-message-size` %d B, `max-messages-per-second` %d, \
        `handshake-timeout` %s), what RFC 6455 (or the protocol) wants back, and what came back: \
        the frames after `welcome`, the close code, and how TCP ended (`eof`: an orderly end). \
        A bystander client, subscribed on another connection before each case, was sent an event \
        after each case: %d published, %d delivered.

        %s
        """
            .formatted(
                MAX_MESSAGE_SIZE,
                MAX_MESSAGES_PER_SECOND,
                HANDSHAKE_TIMEOUT,
                published,
                delivered,
                ReliabilityReport.table(
                    List.of(
                        "input class",
                        "sent",
                        "expected",
                        "observed",
                        "as expected",
                        "bystander: events published after it",
                        "delivered to it"),
                    rows)));
  }

  // ---- UTF-8 ----

  @Test
  void shouldAcceptValidUtf8OfEveryLength() {
    String text = PING_JSON.replace("}", ",\"pad\":\"é€𝄞\"}");
    check(
        "text frame, valid UTF-8 (2-, 3- and 4-byte characters)",
        1,
        "pong",
        client -> {
          client.sendRaw(RawWsClient.frame(FIN | TEXT, utf8(text), true));
          return types(client.readFrame());
        });
  }

  @Test
  void shouldFailInvalidUtf8With1007() {
    byte[][] invalid = {
      {'"', (byte) 0xC3, (byte) 0x28, '"'}, // bad continuation
      {'"', (byte) 0xC0, (byte) 0xAF, '"'}, // overlong
      {'"', (byte) 0xED, (byte) 0xA0, (byte) 0x80, '"'}, // surrogate
      {'"', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80, '"'}, // above U+10FFFF
      {'"', (byte) 0xFF, '"'}, // never in UTF-8
      {'"', (byte) 0xE2, (byte) 0x82} // ends inside a character
    };
    failEach(
        "text frame, invalid UTF-8 (bad continuation, overlong, surrogate, > U+10FFFF, 0xFF,"
            + " truncated)",
        invalid.length,
        1007,
        i -> RawWsClient.frame(FIN | TEXT, invalid[i], true));
  }

  @Test
  void shouldAcceptACharacterSplitAcrossFragments() {
    byte[] ping = utf8(PING_JSON.replace("}", ",\"pad\":\"€\"}"));
    int split = PING_JSON.length() - 1 + ",\"pad\":\"".length() + 1; // inside the 3-byte €
    check(
        "fragmented text, a valid character split across two fragments",
        1,
        "pong",
        client -> {
          client.sendRaw(RawWsClient.frame(TEXT, slice(ping, 0, split), true));
          client.sendRaw(RawWsClient.frame(FIN, slice(ping, split, ping.length), true));
          return types(client.readFrame());
        });
  }

  @Test
  void shouldFailInvalidUtf8AcrossFragmentsWith1007() {
    fail(
        "fragmented text, invalid UTF-8 in the second fragment",
        1007,
        client -> {
          client.sendRaw(RawWsClient.frame(TEXT, new byte[] {'"', (byte) 0xE2}, true));
          client.sendRaw(RawWsClient.frame(FIN, new byte[] {(byte) 0x28, '"'}, true));
        });
  }

  @Test
  void shouldFailAnInvalidUtf8CloseReasonWith1007() {
    fail(
        "close frame, reason not UTF-8",
        1007,
        client ->
            client.sendRaw(
                RawWsClient.frame(FIN | CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xFF}, true)));
  }

  // ---- fragmentation and control frames ----

  @Test
  void shouldAnswerControlFramesBetweenFragmentsAndAssembleTheMessage() {
    byte[] ping = utf8(PING_JSON);
    check(
        "fragmented text (3 fragments) with a ping and a pong between them",
        5,
        "pong frame \"mid\", pong",
        client -> {
          client.sendRaw(RawWsClient.frame(TEXT, slice(ping, 0, 10), true));
          client.sendRaw(RawWsClient.frame(FIN | PING, utf8("mid"), true));
          client.sendRaw(RawWsClient.frame(CONTINUATION, slice(ping, 10, 20), true));
          client.sendRaw(RawWsClient.frame(FIN | PONG, utf8("unasked"), true));
          client.sendRaw(RawWsClient.frame(FIN, slice(ping, 20, ping.length), true));
          return types(client.readFrame()) + ", " + types(client.readFrame());
        });
  }

  @Test
  void shouldAnswerAControlFrameOf125Bytes() {
    byte[] payload = utf8("p".repeat(125));
    check(
        "ping with 125 bytes (the control-frame limit)",
        1,
        "pong frame of 125 bytes",
        client -> {
          client.sendRaw(RawWsClient.frame(FIN | PING, payload, true));
          Frame pong = client.readFrame();
          return pong.opcode() == PONG && pong.text().equals(new String(payload))
              ? "pong frame of " + pong.payload().length + " bytes"
              : types(pong);
        });
  }

  @Test
  void shouldFailAControlFrameOver125BytesWith1002() {
    fail(
        "ping with 126 bytes (past the control-frame limit)",
        1002,
        client -> client.sendRaw(RawWsClient.frame(FIN | PING, new byte[126], true)));
  }

  @Test
  void shouldFailAFragmentedControlFrameWith1002() {
    fail(
        "ping without FIN (a fragmented control frame)",
        1002,
        client -> client.sendRaw(RawWsClient.frame(PING, utf8("x"), true)));
  }

  @Test
  void shouldFailAStrayContinuationWith1002() {
    fail(
        "continuation frame outside a fragmented message",
        1002,
        client -> client.sendRaw(RawWsClient.frame(FIN | CONTINUATION, utf8(PING_JSON), true)));
  }

  @Test
  void shouldFailANewMessageInsideAFragmentedOneWith1002() {
    fail(
        "text frame while a fragmented message is open",
        1002,
        client -> {
          client.sendRaw(RawWsClient.frame(TEXT, utf8("{"), true));
          client.sendRaw(RawWsClient.frame(FIN | TEXT, utf8(PING_JSON), true));
        });
  }

  @Test
  void shouldFailReservedOpcodesWith1002() {
    int[] opcodes = {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF};
    failEach(
        "reserved opcodes 3-7 and 0xB-0xF",
        opcodes.length,
        1002,
        i -> RawWsClient.frame(FIN | opcodes[i], utf8("x"), true));
  }

  @Test
  void shouldFailRsvBitsWith1002() {
    int[] heads = {FIN | 0x40 | TEXT, FIN | 0x20 | TEXT, FIN | 0x10 | TEXT, FIN | 0x40 | PING};
    failEach(
        "RSV1, RSV2, RSV3 on a text frame, RSV1 on a ping (no extension negotiated)",
        heads.length,
        1002,
        i -> RawWsClient.frame(heads[i], utf8(PING_JSON.substring(0, 20)), true));
  }

  @Test
  void shouldFailAnUnmaskedFrameWith1002() {
    fail(
        "unmasked client frame",
        1002,
        client -> client.sendRaw(RawWsClient.frame(FIN | TEXT, utf8(PING_JSON), false)));
  }

  // ---- close codes ----

  @Test
  void shouldEchoEveryCloseCodeAClientMaySend() {
    int[] codes = {1000, 1001, 1003, 1007, 1011, 1014, 3000, 4999};
    List<String> observed = new ArrayList<>();
    int delivered = 0;
    for (int code : codes) {
      try (RawWsClient client = open()) {
        client.sendRaw(RawWsClient.frame(FIN | CLOSE, closePayload(code), true));
        Ending ending = client.readToTheEnd(false);
        observed.add(ending.closeCode() + " " + ending.end());
      }
      awaitGone();
      delivered += bystanderContinues() ? 1 : 0;
    }
    String expected =
        java.util.Arrays.stream(codes).mapToObj(c -> c + " eof").collect(Collectors.joining(", "));
    record(
        "close frame with a valid code at each edge (1000, 1001, 1003, 1007, 1011, 1014, 3000,"
            + " 4999)",
        codes.length,
        "echoed: " + expected,
        "echoed: " + String.join(", ", observed),
        expected.equals(String.join(", ", observed)),
        delivered,
        codes.length);
    assertThat(String.join(", ", observed)).isEqualTo(expected);
    assertThat(delivered).isEqualTo(codes.length);
  }

  @Test
  void shouldFailCloseCodesNoClientMaySendWith1002() {
    int[] codes = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535};
    failEach(
        "close frame with a code no endpoint may send (0, 999, 1004-1006, 1015, 1016, 2999,"
            + " 5000, 65535)",
        codes.length,
        1002,
        i -> RawWsClient.frame(FIN | CLOSE, closePayload(codes[i]), true));
  }

  @Test
  void shouldFailAOneByteClosePayloadWith1002() {
    fail(
        "close frame with a 1-byte payload",
        1002,
        client -> client.sendRaw(RawWsClient.frame(FIN | CLOSE, new byte[] {0x03}, true)));
  }

  // ---- sizes ----

  @Test
  void shouldAcceptAFrameAtTheSizeLimit() {
    check(
        "text frame of exactly max-message-size",
        1,
        "pong",
        client -> {
          client.sendRaw(RawWsClient.frame(FIN | TEXT, utf8(padded(MAX_MESSAGE_SIZE)), true));
          return types(client.readFrame());
        });
  }

  @Test
  void shouldClose1009AtTheHeaderOfAFrameOverTheLimitWithoutItsPayload() {
    long[] lengths = {MAX_MESSAGE_SIZE + 1L, 1L << 40};
    List<String> observed = new ArrayList<>();
    int delivered = 0;
    for (long length : lengths) {
      try (RawWsClient client = open()) {
        client.sendRaw(RawWsClient.header(FIN | TEXT, length));
        observed.add(describe(client.readToTheEnd(false)));
      }
      awaitGone();
      delivered += bystanderContinues() ? 1 : 0;
    }
    String expected = "error MESSAGE_TOO_LARGE, closing, close 1009, eof";
    record(
        "frame header declaring max-message-size + 1 and 1 TiB, payload never sent",
        lengths.length,
        expected + " (each)",
        String.join("; ", observed),
        observed.stream().allMatch(expected::equals),
        delivered,
        lengths.length);
    assertThat(observed).containsOnly(expected);
    assertThat(delivered).isEqualTo(lengths.length);
  }

  @Test
  void shouldAcceptASubscribeOfExactlyTheSizeLimit() {
    check(
        "subscribe with ~64 KB of filters (exactly max-message-size)",
        1,
        "subscribed",
        client -> {
          client.sendRaw(RawWsClient.frame(FIN | TEXT, utf8(subscribe(MAX_MESSAGE_SIZE)), true));
          return types(client.readFrame());
        });
  }

  @Test
  void shouldClose1009ASubscribeOverTheSizeLimit() {
    int[] sizes = {MAX_MESSAGE_SIZE + 1, 100 * 1024};
    List<String> observed = new ArrayList<>();
    int delivered = 0;
    for (int size : sizes) {
      try (RawWsClient client = open()) {
        client.sendRaw(RawWsClient.frame(FIN | TEXT, utf8(subscribe(size)), true));
        observed.add(describe(client.readToTheEnd(false)));
      }
      awaitGone();
      delivered += bystanderContinues() ? 1 : 0;
    }
    String expected = "error MESSAGE_TOO_LARGE, closing, close 1009, eof";
    record(
        "subscribe with max-message-size + 1 and with 100 KB of filters",
        sizes.length,
        expected + " (each)",
        String.join("; ", observed),
        observed.stream().allMatch(expected::equals),
        delivered,
        sizes.length);
    assertThat(observed).containsOnly(expected);
    assertThat(delivered).isEqualTo(sizes.length);
  }

  // ---- rate ----

  @Test
  void shouldAnswerEverySubscribeUpToTheRateLimit() {
    check(
        "subscribe messages at once, exactly max-messages-per-second (and the subscription"
            + " limit)",
        MAX_MESSAGES_PER_SECOND,
        MAX_MESSAGES_PER_SECOND + " subscribed",
        client -> {
          client.sendRaw(subscribes(MAX_MESSAGES_PER_SECOND));
          List<String> answers = new ArrayList<>();
          for (int i = 0; i < MAX_MESSAGES_PER_SECOND; i++) {
            answers.add(types(client.readFrame()));
          }
          return summary(answers);
        });
  }

  @Test
  void shouldClose4029TenThousandSubscribesInOneSecond() {
    int sent = 10_000;
    String observed;
    long nanos;
    boolean ok;
    try (RawWsClient client = open()) {
      byte[] burst = subscribes(sent);
      long start = System.nanoTime();
      client.sendRaw(burst);
      nanos = System.nanoTime() - start;
      Ending ending = client.readToTheEnd(true);
      List<String> answers = ending.frames().stream().map(WireConformanceIT::types).toList();
      observed = summary(answers) + ", close " + ending.closeCode() + ", " + ending.end();
      // TCP ends with eof once the server has read through the backlog to our close frame; on a
      // starved machine that can take longer than the close-handshake timeout: then a reset.
      ok =
          answers.stream().filter("error RATE_LIMITED"::equals).count()
                  == ProtocolHandler.MAX_RATE_VIOLATIONS
              && answers.get(answers.size() - 1).equals("closing")
              && ending.closeCode() == 4029
              && (ending.end().equals("eof") || ending.end().equals("reset"));
    }
    awaitGone();
    boolean continues = bystanderContinues();
    record(
        "subscribe messages, 10,000 in one burst (sent in %d ms)"
            .formatted(TimeUnit.NANOSECONDS.toMillis(nanos)),
        sent,
        "subscribed up to the limits, 10 error RATE_LIMITED in all, closing, close 4029, eof (or"
            + " reset if the backlog outlasts the close-handshake timeout)",
        observed,
        ok,
        continues ? 1 : 0,
        1);
    assertThat(ok).as(observed).isTrue();
    assertThat(continues).isTrue();
  }

  // ---- TCP ----

  @Test
  void shouldForgetAConnectionResetInTheMiddleOfAFrame() {
    RawWsClient client = open();
    byte[] frame = RawWsClient.frame(FIN | TEXT, utf8(padded(1000)), true);
    client.sendRaw(slice(frame, 0, frame.length / 2));
    client.reset();
    awaitGone();
    boolean continues = bystanderContinues();
    record(
        "TCP reset in the middle of a frame",
        1,
        "session gone from the registry",
        "session gone from the registry",
        true,
        continues ? 1 : 0,
        1);
    assertThat(continues).isTrue();
  }

  // ---- the closing handshake ----

  /**
   * A client that stopped reading is closed as a slow consumer (4008); its close frame cannot get
   * out, and after the close-handshake timeout the server resets the connection rather than leave a
   * FIN queued behind what the client never read.
   */
  @Test
  void shouldResetASlowConsumerWhoseCloseFrameCannotGetOut() {
    String end;
    int published = 0;
    try (RawWsClient slow = open()) {
      String id = lastSessionId;
      slow.sendText("{\"type\":\"subscribe\",\"subscription_id\":\"all\",\"filters\":{}}");
      assertThat(types(slow.readFrame())).isEqualTo("subscribed");
      for (int batch = 0; batch < 400 && isOpen(id); batch++) {
        int before = bystander.events().size();
        for (int i = 0; i < 10; i++) {
          publisher.publish(StreamFixtures.createdWithPayload(Severity.P0, 32 * 1024));
          published++;
        }
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> bystander.events().size() >= before + 10);
      }
      assertThat(isOpen(id)).as("closed as a slow consumer").isFalse();
      awaitGone();
      end = slow.drainToTheEnd();
    }
    boolean continues = bystanderContinues();
    record(
        "client that stops reading, closed as a slow consumer (4008) behind %d Critical events of 32 KB"
            .formatted(published),
        published,
        "reset after the close-handshake timeout",
        end,
        end.equals("reset"),
        continues ? 1 : 0,
        1);
    assertThat(end).isEqualTo("reset");
    assertThat(continues).isTrue();
  }

  @Test
  void shouldEndACloseThatGetsOutWithTheCloseFrameAndAnOrderlyEof() {
    check(
        "fragmented text past max-message-size (the server closes and waits), client answers the"
            + " close",
        2,
        "error MESSAGE_TOO_LARGE, closing, close 1009, eof",
        client -> {
          client.sendRaw(RawWsClient.frame(TEXT, new byte[40_000], true));
          client.sendRaw(RawWsClient.frame(FIN, new byte[40_000], true));
          return describe(client.readToTheEnd(true));
        });
  }

  @Test
  void shouldResetAClientThatNeverAnswersTheCloseFrame() {
    check(
        "fragmented text past max-message-size, client reads the close frame but never answers",
        2,
        "error MESSAGE_TOO_LARGE, closing, close 1009, reset",
        client -> {
          client.sendRaw(RawWsClient.frame(TEXT, new byte[40_000], true));
          client.sendRaw(RawWsClient.frame(FIN, new byte[40_000], true));
          return describe(client.readToTheEnd(false));
        });
  }

  private boolean isOpen(String sessionId) {
    StreamSession session = registry.get(sessionId);
    return session != null && session.isOpen();
  }

  // ---- the opening handshake ----

  @Test
  void shouldCloseHandshakesThatDoNotFinishInTime() throws Exception {
    String upgrade = upgradeRequest();
    ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
    try (Socket silent = connect();
        Socket half = connect();
        Socket slowloris = connect()) {
      half.getOutputStream().write(utf8(upgrade.substring(0, upgrade.length() / 2)));
      AtomicInteger trickled = new AtomicInteger();
      trickleForever(trickle, slowloris, trickled);
      CompletableFuture<String> silentEnd = CompletableFuture.supplyAsync(() -> answer(silent));
      CompletableFuture<String> halfEnd = CompletableFuture.supplyAsync(() -> answer(half));
      String slowEnd = answer(slowloris);
      trickle.shutdownNow();
      String expected408 = "HTTP/1.1 408 Request Timeout, eof";
      recordHandshake("connect, send nothing", 0, "eof", silentEnd.join());
      recordHandshake(
          "half an upgrade request, then nothing",
          upgrade.length() / 2,
          expected408,
          halfEnd.join());
      recordHandshake(
          "slowloris: an upgrade whose headers trickle in forever, a byte every 50 ms",
          trickled.get(),
          expected408,
          slowEnd);
      assertThat(silentEnd.join()).isEqualTo("eof");
      assertThat(halfEnd.join()).isEqualTo(expected408);
      assertThat(slowEnd).isEqualTo(expected408);
    } finally {
      trickle.shutdownNow();
    }
  }

  @Test
  void shouldUpgradeAHandshakeSentByteByByteWithinTheDeadline() throws Exception {
    String upgrade = upgradeRequest();
    try (Socket socket = connect()) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      for (byte b : utf8(upgrade)) {
        out.write(b);
        out.flush();
      }
      String status = readHead(socket.getInputStream()).get(0);
      recordHandshake(
          "upgrade request sent byte by byte, complete within the deadline",
          upgrade.length(),
          "HTTP/1.1 101 Switching Protocols",
          status);
      assertThat(status).isEqualTo("HTTP/1.1 101 Switching Protocols");
    }
  }

  /**
   * The deadline is the first request head's: a keep-alive connection that sent its first request
   * in time is served again after the deadline has passed (a silent connection opened after that
   * first request is closed by its own deadline before the second request goes out).
   */
  @Test
  void shouldLeaveKeepAliveConnectionsAlonePastTheDeadline() throws Exception {
    try (Socket keepAlive = connect()) {
      String first = get(keepAlive, "/health/liveness");
      try (Socket silent = connect()) {
        assertThat(answer(silent)).isEqualTo("eof");
      }
      String second = get(keepAlive, "/health/liveness");
      recordHandshake(
          "keep-alive HTTP connection: 2 requests, the second after the deadline",
          2,
          "200, 200",
          first + ", " + second);
      assertThat(first + ", " + second).isEqualTo("200, 200");
      assertThat(bystander.isClosed()).as("an upgraded connection is never affected").isFalse();
    }
  }

  // ---- helpers: cases ----

  private interface Exchange {
    String run(RawWsClient client) throws Exception;
  }

  private interface Violation {
    void send(RawWsClient client) throws Exception;
  }

  private interface FrameMaker {
    byte[] make(int i);
  }

  /** A well-formed exchange on a fresh connection; then the bystander must still get an event. */
  private void check(String inputClass, int sent, String expected, Exchange exchange) {
    String observed;
    try (RawWsClient client = open()) {
      observed = exchange.run(client);
    } catch (Exception e) {
      observed = "failed: " + e;
    }
    awaitGone();
    boolean continues = bystanderContinues();
    record(inputClass, sent, expected, observed, expected.equals(observed), continues ? 1 : 0, 1);
    assertThat(observed).isEqualTo(expected);
    assertThat(continues).isTrue();
  }

  /** One violation: the connection must be failed with {@code code}, TCP closed right after. */
  private void fail(String inputClass, int code, Violation violation) {
    String expected = "closing, close " + code + ", eof";
    check(
        inputClass,
        1,
        expected,
        client -> {
          violation.send(client);
          return describe(client.readToTheEnd(false));
        });
  }

  /** The same violation class {@code count} times, each on its own connection. */
  private void failEach(String inputClass, int count, int code, FrameMaker frames) {
    String expected = "closing, close " + code + ", eof";
    List<String> observed = new ArrayList<>();
    int delivered = 0;
    for (int i = 0; i < count; i++) {
      try (RawWsClient client = open()) {
        client.sendRaw(frames.make(i));
        observed.add(describe(client.readToTheEnd(false)));
      }
      awaitGone();
      delivered += bystanderContinues() ? 1 : 0;
    }
    String summary = summary(observed);
    record(
        inputClass,
        count,
        count + " " + expected,
        summary,
        summary.equals(count + " " + expected),
        delivered,
        count);
    assertThat(observed).containsOnly(expected);
    assertThat(delivered).isEqualTo(count);
  }

  private static void record(
      String inputClass,
      int sent,
      String expected,
      String observed,
      boolean ok,
      int delivered,
      int published) {
    ROWS.add(
        List.of(inputClass, sent, expected, observed, ok ? "yes" : "NO", published, delivered));
  }

  private void recordHandshake(String inputClass, int bytes, String expected, String observed) {
    boolean continues = bystanderContinues();
    record(
        "handshake: " + inputClass + " (" + bytes + " bytes)",
        1,
        expected,
        observed,
        expected.equals(observed),
        continues ? 1 : 0,
        1);
    assertThat(continues).isTrue();
  }

  /** Publishes one event; true once the bystander has it. */
  private boolean bystanderContinues() {
    int before = bystander.events().size();
    publisher.publish(TestEvents.system("after a wire case"));
    try {
      await().atMost(Duration.ofSeconds(20)).until(() -> bystander.events().size() > before);
      return true;
    } catch (org.awaitility.core.ConditionTimeoutException stalled) {
      return false;
    }
  }

  // ---- helpers: frames ----

  /** A raw connection past its {@code welcome}; its session id is kept for {@link #awaitGone}. */
  private RawWsClient open() {
    RawWsClient client = RawWsClient.connect(server.getURI());
    Frame welcome = client.readFrame();
    assertThat(welcome.text()).contains("\"type\":\"welcome\"");
    try {
      lastSessionId = JSON.readTree(welcome.payload()).path("session_id").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return client;
  }

  /** No zombie: the last connection's session leaves the registry once its TCP is gone. */
  private void awaitGone() {
    String id = lastSessionId;
    await().atMost(Duration.ofSeconds(20)).until(() -> registry.get(id) == null);
  }

  /** What the frames say, in order: message types (error codes), pong frames, close, end. */
  private static String describe(Ending ending) {
    List<String> parts = new ArrayList<>();
    for (Frame frame : ending.frames()) {
      parts.add(types(frame));
    }
    parts.add("close " + ending.closeCode());
    parts.add(ending.end());
    return String.join(", ", parts);
  }

  private static String types(Frame frame) {
    if (frame.opcode() == PONG) {
      return "pong frame \"" + frame.text() + "\"";
    }
    if (frame.opcode() != TEXT) {
      return "opcode " + frame.opcode();
    }
    try {
      JsonNode message = JSON.readTree(frame.payload());
      String type = message.path("type").asText();
      return type.equals("error") ? "error " + message.path("code").asText() : type;
    } catch (IOException e) {
      return "not JSON";
    }
  }

  /** Runs of equal entries counted: "100 subscribed, 10 error RATE_LIMITED". */
  private static String summary(List<String> items) {
    List<String> runs = new ArrayList<>();
    for (int i = 0; i < items.size(); ) {
      int j = i;
      while (j < items.size() && items.get(j).equals(items.get(i))) {
        j++;
      }
      runs.add((j - i) + " " + items.get(i));
      i = j;
    }
    return String.join(", ", runs);
  }

  private static byte[] subscribes(int count) {
    ByteArrayOutputStream burst = new ByteArrayOutputStream();
    for (int i = 0; i < count; i++) {
      String message = "{\"type\":\"subscribe\",\"subscription_id\":\"s" + i + "\",\"filters\":{}}";
      burst.writeBytes(RawWsClient.frame(FIN | TEXT, utf8(message), true));
    }
    return burst.toByteArray();
  }

  /** A ping message of exactly {@code size} bytes (an ignored field pads it). */
  private static String padded(int size) {
    String head = PING_JSON.substring(0, PING_JSON.length() - 1) + ",\"pad\":\"";
    String message = head + "x".repeat(size - head.length() - 2) + "\"}";
    assertThat(message).hasSize(size);
    return message;
  }

  /** A subscribe of exactly {@code size} bytes: its filters are a long list of sources. */
  private static String subscribe(int size) {
    String head = "{\"type\":\"subscribe\",\"subscription_id\":\"big\",\"filters\":{\"sources\":[";
    String tail = "]}}";
    StringBuilder sources = new StringBuilder();
    int n = 0;
    while (head.length() + sources.length() + tail.length() + 120 < size) {
      sources.append(n == 0 ? "" : ",").append('"').append("source-").append(n++);
      sources.append("-").append("s".repeat(80)).append('"');
    }
    int room = size - head.length() - sources.length() - tail.length() - 3;
    sources.append(",\"").append("z".repeat(room)).append('"');
    String message = head + sources + tail;
    assertThat(message).hasSize(size);
    return message;
  }

  private static byte[] closePayload(int code) {
    return new byte[] {(byte) (code >>> 8), (byte) code};
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] slice(byte[] bytes, int from, int to) {
    return java.util.Arrays.copyOfRange(bytes, from, to);
  }

  // ---- helpers: HTTP ----

  private Socket connect() throws IOException {
    Socket socket = new Socket(server.getHost(), server.getPort());
    socket.setSoTimeout((int) Duration.ofSeconds(30).toMillis());
    return socket;
  }

  private String upgradeRequest() {
    return "GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: "
        + Base64.getEncoder().encodeToString(new byte[16])
        + "\r\nAuthorization: Bearer "
        + TestTokens.viewer()
        + "\r\n\r\n";
  }

  /** Sends one byte of a never-ending header every 50 ms until the socket fails. */
  private static void trickleForever(
      ScheduledExecutorService trickle, Socket socket, AtomicInteger trickled) throws IOException {
    byte[] start = utf8("GET /ws HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n");
    String forever = "X-Slow: 1\r\n";
    OutputStream out = socket.getOutputStream();
    trickle.scheduleAtFixedRate(
        () -> {
          int i = trickled.get();
          byte b = i < start.length ? start[i] : (byte) forever.charAt((i - start.length) % 11);
          try {
            out.write(b);
            out.flush();
            trickled.incrementAndGet();
          } catch (IOException closed) {
            throw new UncheckedIOException(closed);
          }
        },
        0,
        50,
        TimeUnit.MILLISECONDS);
  }

  /** The status line the server answered with, if any, then how the connection ended. */
  private static String answer(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      byte[] all = in.readAllBytes();
      String text = new String(all, StandardCharsets.US_ASCII);
      return text.isEmpty() ? "eof" : text.lines().findFirst().orElse("") + ", eof";
    } catch (SocketTimeoutException stillOpen) {
      return "still open";
    } catch (SocketException reset) {
      return "reset";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One keep-alive GET on the socket; its status line. */
  private static String get(Socket socket, String path) throws IOException {
    socket.getOutputStream().write(utf8("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n"));
    InputStream in = socket.getInputStream();
    List<String> head = readHead(in);
    int length =
        head.stream()
            .filter(h -> h.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
            .map(h -> Integer.parseInt(h.substring(h.indexOf(':') + 1).trim()))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no Content-Length in " + head));
    in.readNBytes(length);
    return head.get(0).split(" ")[1];
  }

  private static List<String> readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    for (int b = in.read(); ; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed in the middle of the response head");
      }
      if (b == '\r') {
        continue;
      }
      if (b != '\n') {
        line.write(b);
        continue;
      }
      if (line.size() == 0) {
        return lines;
      }
      lines.add(line.toString(StandardCharsets.US_ASCII));
      line.reset();
    }
  }
}
