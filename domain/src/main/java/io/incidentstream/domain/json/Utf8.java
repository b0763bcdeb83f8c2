package io.incidentstream.domain.json;

/**
 * Checks that bytes are well-formed UTF-8 (RFC 3629: shortest form, no surrogates, nothing above
 * U+10FFFF) with no NUL byte. JSON text never holds a raw NUL, and a NUL among the first bytes
 * makes a byte-oriented JSON parser guess UTF-16 or UTF-32, so bytes that pass are read as UTF-8
 * and only as UTF-8. Stateless, allocation-free, thread-safe.
 */
public final class Utf8 {

  private Utf8() {}

  /** The index of the first byte of {@code bytes[from, to)} that breaks the rules, or -1. */
  public static int firstInvalid(byte[] bytes, int from, int to) {
    int i = from;
    while (i < to) {
      int b = bytes[i];
      if (b > 0) {
        i++;
        continue;
      }
      int length = sequenceLength(bytes, i, to);
      if (length < 0) {
        return i;
      }
      i += length;
    }
    return -1;
  }

  /** Length of the multi-byte sequence (or NUL) starting at {@code i}; -1 when malformed. */
  private static int sequenceLength(byte[] bytes, int i, int to) {
    int lead = bytes[i] & 0xFF;
    if (lead >= 0xC2 && lead <= 0xDF) {
      return continuations(bytes, i, to, 1, 0x80, 0xBF) ? 2 : -1;
    }
    if (lead >= 0xE0 && lead <= 0xEF) {
      int low = lead == 0xE0 ? 0xA0 : 0x80;
      int high = lead == 0xED ? 0x9F : 0xBF;
      return continuations(bytes, i, to, 2, low, high) ? 3 : -1;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
      int low = lead == 0xF0 ? 0x90 : 0x80;
      int high = lead == 0xF4 ? 0x8F : 0xBF;
      return continuations(bytes, i, to, 3, low, high) ? 4 : -1;
    }
    return -1; // NUL, a stray continuation byte, an overlong lead (C0, C1) or F5..FF
  }

  /** {@code count} continuation bytes follow, the first within [low, high] (RFC 3629 table). */
  private static boolean continuations(byte[] bytes, int i, int to, int count, int low, int high) {
    if (i + count >= to) {
      return false;
    }
    int first = bytes[i + 1] & 0xFF;
    if (first < low || first > high) {
      return false;
    }
    for (int k = 2; k <= count; k++) {
      if ((bytes[i + k] & 0xC0) != 0x80) {
        return false;
      }
    }
    return true;
  }
}
