package io.incidentstream.streaming.ws.internal;

import io.netty.buffer.ByteBuf;

/**
 * Checks a text message's UTF-8 (RFC 3629: shortest form, no surrogates, nothing above U+10FFFF) as
 * its fragments arrive, so a message split inside a character is judged as a whole and a bad
 * fragment fails at once (RFC 6455 section 8.1). The state between fragments is one int the caller
 * keeps ({@link #COMPLETE} at a character boundary). Unlike the JSON codec's check, NUL is valid
 * UTF-8 here: the codec answers it as an invalid message, the WebSocket layer must not fail on it.
 * Stateless, allocation-free, thread-safe.
 */
final class Utf8Scan {

  /** Between characters: where a message starts, and where a complete one must end. */
  static final int COMPLETE = 0;

  /** The bytes are not UTF-8; stays so. */
  static final int INVALID = -1;

  private Utf8Scan() {}

  /**
   * The state after {@code bytes} (its readable bytes, not consumed), starting from {@code state}.
   */
  static int scan(ByteBuf bytes, int state) {
    int s = state;
    for (int i = bytes.readerIndex(), end = bytes.writerIndex(); i < end && s != INVALID; i++) {
      s = next(s, bytes.getByte(i) & 0xFF);
    }
    return s;
  }

  /**
   * One byte on from {@code state}. Inside a character the state holds the continuation bytes still
   * due and the range the next one must lie in (RFC 3629 section 4).
   */
  static int next(int state, int b) {
    if (state == COMPLETE) {
      return b < 0x80 ? COMPLETE : lead(b);
    }
    int low = (state >>> 8) & 0xFF;
    int high = state & 0xFF;
    if (b < low || b > high) {
      return INVALID;
    }
    int due = (state >>> 16) - 1;
    return due == 0 ? COMPLETE : expect(due, 0x80, 0xBF);
  }

  private static int lead(int b) {
    if (b >= 0xC2 && b <= 0xDF) {
      return expect(1, 0x80, 0xBF);
    }
    if (b >= 0xE0 && b <= 0xEF) {
      return expect(2, b == 0xE0 ? 0xA0 : 0x80, b == 0xED ? 0x9F : 0xBF);
    }
    if (b >= 0xF0 && b <= 0xF4) {
      return expect(3, b == 0xF0 ? 0x90 : 0x80, b == 0xF4 ? 0x8F : 0xBF);
    }
    return INVALID; // a stray continuation byte, an overlong lead (C0, C1) or F5..FF
  }

  private static int expect(int due, int low, int high) {
    return due << 16 | low << 8 | high;
  }
}
