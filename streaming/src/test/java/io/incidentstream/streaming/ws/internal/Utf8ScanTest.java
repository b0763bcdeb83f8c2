package io.incidentstream.streaming.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** {@link Utf8Scan} against the JDK's strict UTF-8 decoder, on any bytes cut anywhere. */
class Utf8ScanTest {

  @Property(tries = 2000)
  void shouldAgreeWithTheJdkDecoderWhereverTheMessageIsCut(
      @ForAll byte[] bytes, @ForAll int cutSeed) {
    int cut = bytes.length == 0 ? 0 : Math.floorMod(cutSeed, bytes.length + 1);
    int state = scan(bytes, 0, cut, Utf8Scan.COMPLETE);
    state = state == Utf8Scan.INVALID ? state : scan(bytes, cut, bytes.length, state);

    assertThat(state == Utf8Scan.COMPLETE).isEqualTo(isUtf8(bytes));
  }

  @Property(tries = 1000)
  void shouldAcceptEveryEncodedString(@ForAll String text, @ForAll int cutSeed) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int cut = Math.floorMod(cutSeed, bytes.length + 1);

    assertThat(scan(bytes, cut, bytes.length, scan(bytes, 0, cut, Utf8Scan.COMPLETE)))
        .isEqualTo(Utf8Scan.COMPLETE);
  }

  private static int scan(byte[] bytes, int from, int to, int state) {
    ByteBuf buf = Unpooled.wrappedBuffer(bytes, from, to - from);
    return Utf8Scan.scan(buf, state);
  }

  private static boolean isUtf8(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(java.nio.ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }
}
