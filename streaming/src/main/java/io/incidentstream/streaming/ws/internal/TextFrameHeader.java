package io.incidentstream.streaming.ws.internal;

import io.netty.buffer.ByteBuf;

/**
 * The header of an unmasked, final WebSocket text frame (RFC 6455 section 5.2), as a server sends
 * it: written by hand at the start of an event's one buffer (header, prefix, suffix), which then
 * passes the WebSocket frame encoder as it is, instead of through a frame object the encoder copies
 * into a buffer of its own.
 */
final class TextFrameHeader {

  private static final int FIN_TEXT = 0x81;

  private TextFrameHeader() {}

  /** The header's size for a payload of {@code length} bytes. */
  static int size(int length) {
    return length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
  }

  /**
   * Writes the header of a payload of {@code length} bytes ({@link #size} bytes) into {@code out}.
   */
  static ByteBuf writeTo(ByteBuf out, int length) {
    if (length < 126) {
      return out.writeByte(FIN_TEXT).writeByte(length);
    }
    if (length <= 0xFFFF) {
      return out.writeByte(FIN_TEXT).writeByte(126).writeShort(length);
    }
    return out.writeByte(FIN_TEXT).writeByte(127).writeLong(length);
  }
}
