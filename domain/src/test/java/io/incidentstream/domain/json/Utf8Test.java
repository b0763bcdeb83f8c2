package io.incidentstream.domain.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

  @Test
  void shouldAcceptEveryCodePointAtTheEdgesOfEachEncodingLength() {
    int[] edges = {0x01, 0x7F, 0x80, 0x7FF, 0x800, 0xD7FF, 0xE000, 0xFFFF, 0x10000, 0x10FFFF};
    for (int codePoint : edges) {
      byte[] bytes = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
      assertThat(Utf8.firstInvalid(bytes, 0, bytes.length)).as("U+%X", codePoint).isEqualTo(-1);
    }
  }

  @Test
  void shouldAcceptWhatJavaEncodesFromRandomText() {
    Random random = new Random(9);
    for (int round = 0; round < 2_000; round++) {
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < 40; i++) {
        int codePoint = 1 + random.nextInt(0x10FFFF);
        if (codePoint < 0xD800 || codePoint > 0xDFFF) {
          text.appendCodePoint(codePoint);
        }
      }
      byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
      assertThat(Utf8.firstInvalid(bytes, 0, bytes.length)).isEqualTo(-1);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "00", // NUL: JSON text never holds one raw
        "80", // a continuation byte without a lead
        "c0af", // overlong '/'
        "c1bf", // overlong
        "e080af", // overlong, three bytes
        "f08080af", // overlong, four bytes
        "eda080", // UTF-16 surrogate U+D800
        "edbfbf", // UTF-16 surrogate U+DFFF
        "f4908080", // above U+10FFFF
        "f5808080", // lead byte that never occurs
        "ff",
        "e282", // three-byte sequence cut short
        "c3", // two-byte sequence cut short
        "e228a1", // bad second continuation
        "f0908028" // bad last continuation
      })
  void shouldFindTheFirstBadByte(String hex) {
    byte[] bad = HexFormat.of().parseHex(hex);
    byte[] bytes = new byte[bad.length + 3];
    bytes[0] = 'a';
    bytes[1] = 'b';
    System.arraycopy(bad, 0, bytes, 2, bad.length);
    bytes[bytes.length - 1] = 'z';

    assertThat(Utf8.firstInvalid(bytes, 0, bytes.length)).isEqualTo(2);
    assertThat(Utf8.firstInvalid(bad, 0, bad.length)).isZero();
  }

  @Test
  void shouldCheckOnlyTheRangeItIsGiven() {
    byte[] bytes = {(byte) 0xFF, 'a', 'b', (byte) 0xFF};

    assertThat(Utf8.firstInvalid(bytes, 1, 3)).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(bytes, 1, 4)).isEqualTo(3);
  }
}
