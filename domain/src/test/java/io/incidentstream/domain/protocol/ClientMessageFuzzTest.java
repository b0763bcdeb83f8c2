package io.incidentstream.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.incidentstream.domain.support.FuzzTally;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the decoder of what a {@code /ws} client sends: {@link ProtocolCodec#decodeClient}, the
 * one call {@code ProtocolHandler} makes on each text frame. Every input decodes, or is rejected
 * with the documented {@code INVALID_MESSAGE} error naming the field; a decoded message survives
 * encode and decode unchanged, and neither what it keeps nor the error echoes more than a bounded
 * multiple of the frame.
 */
class ClientMessageFuzzTest {

  /** {@code stream.max-message-size}: larger frames are refused (1009) before the decoder. */
  static final int MAX_FRAME = 64 * 1024;

  private static final ProtocolCodec CODEC = new ProtocolCodec();

  private static final FuzzTally TALLY =
      new FuzzTally(
          "10-fuzz-client",
          "Fuzzing: client messages on /ws",
          "`ProtocolCodec.decodeClient`, the text frames a `/ws` client sends (subscribe with"
              + " filters, unsubscribe, ping, ack, refresh), each frame at most"
              + " `stream.max-message-size` (64 KB) as the pipeline lets through",
          "decodes (then encode and decode give the same message, re-encoded within 3 x frame +"
              + " 1 KB), or `error` `INVALID_MESSAGE` (`Failed to process message: …`, within 7 x"
              + " frame + 2 KB); nothing thrown, no internal exception behind a rejection",
          "src/test/resources/io/incidentstream/domain/protocol/ClientMessageFuzzTestInputs");

  @FuzzTest(maxDuration = "30s")
  void decodeClient(byte[] frame) {
    if (frame.length > MAX_FRAME) {
      return;
    }
    TALLY.input(frame.length);
    try {
      check(frame);
    } catch (Throwable t) {
      TALLY.finding(t);
      throw t;
    }
  }

  private static void check(byte[] frame) {
    Decoded<ClientMessage> decoded = CODEC.decodeClient(new String(frame, StandardCharsets.UTF_8));
    if (decoded instanceof Decoded.Failed<ClientMessage> failed) {
      TALLY.rejected("INVALID_MESSAGE", failed);
      ServerMessage.Error error = failed.toError();
      assertThat(error.code()).isEqualTo(ErrorCode.INVALID_MESSAGE);
      assertThat(error.message()).startsWith("Failed to process message: ");
      // A control character of the frame, quoted in the message, is escaped to at most 7 bytes.
      assertThat(CODEC.encode(error).length).isLessThanOrEqualTo(7 * frame.length + 2048);
      return;
    }
    ClientMessage message = ((Decoded.Ok<ClientMessage>) decoded).value();
    TALLY.outcome("decoded: " + message.getClass().getSimpleName().toLowerCase(Locale.ROOT));
    byte[] encoded = CODEC.encode(message);
    // A byte that is not UTF-8 reads as U+FFFD, three bytes when written back.
    assertThat(encoded.length).isLessThanOrEqualTo(3 * frame.length + 1024);
    Decoded<ClientMessage> again = CODEC.decodeClient(new String(encoded, StandardCharsets.UTF_8));
    assertThat(again).isEqualTo(Decoded.ok(message));
  }

  @AfterAll
  static void report() {
    TALLY.write();
  }
}
