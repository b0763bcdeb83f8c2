package io.incidentstream.domain.protocol;

import com.fasterxml.jackson.core.SerializableString;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * An {@link EncodedEvent} as Jackson's raw-value argument: the generator copies the bytes straight
 * into its output buffer ({@link #appendUnquotedUTF8}), or takes them as one array when its buffer
 * is too full. Only the unquoted UTF-8 forms are meaningful: raw JSON is never quoted.
 */
final class RawJsonValue implements SerializableString {

  private final EncodedEvent event;

  RawJsonValue(EncodedEvent event) {
    this.event = event;
  }

  @Override
  public int appendUnquotedUTF8(byte[] buffer, int offset) {
    int length = event.length();
    if (offset + length > buffer.length) {
      return -1;
    }
    event.copyTo(buffer, offset);
    return length;
  }

  @Override
  public byte[] asUnquotedUTF8() {
    return event.toByteArray();
  }

  @Override
  public int writeUnquotedUTF8(OutputStream out) throws java.io.IOException {
    out.write(event.array(), event.offset(), event.length());
    return event.length();
  }

  @Override
  public int putUnquotedUTF8(ByteBuffer buffer) {
    if (event.length() > buffer.remaining()) {
      return -1;
    }
    buffer.put(event.array(), event.offset(), event.length());
    return event.length();
  }

  @Override
  public String getValue() {
    return new String(event.array(), event.offset(), event.length(), StandardCharsets.UTF_8);
  }

  @Override
  public int charLength() {
    return getValue().length();
  }

  @Override
  public char[] asQuotedChars() {
    throw quoted();
  }

  @Override
  public byte[] asQuotedUTF8() {
    throw quoted();
  }

  @Override
  public int appendQuotedUTF8(byte[] buffer, int offset) {
    throw quoted();
  }

  @Override
  public int appendQuoted(char[] buffer, int offset) {
    throw quoted();
  }

  @Override
  public int appendUnquoted(char[] buffer, int offset) {
    char[] chars = getValue().toCharArray();
    if (offset + chars.length > buffer.length) {
      return -1;
    }
    System.arraycopy(chars, 0, buffer, offset, chars.length);
    return chars.length;
  }

  @Override
  public int writeQuotedUTF8(OutputStream out) {
    throw quoted();
  }

  @Override
  public int putQuotedUTF8(ByteBuffer buffer) {
    throw quoted();
  }

  private static UnsupportedOperationException quoted() {
    return new UnsupportedOperationException("raw JSON is never written quoted");
  }
}
