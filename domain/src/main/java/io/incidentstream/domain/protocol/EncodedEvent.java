package io.incidentstream.domain.protocol;

import java.util.Arrays;
import java.util.Objects;

/**
 * One event's JSON object ({@code {"event_type":…}}) exactly as the event writer encoded it on the
 * instance that sequenced the event: a slice of the bus payload it arrived in. A receiving instance
 * puts these bytes into its clients' frames as they are, instead of encoding the event again, so a
 * frame is the same bytes on every instance. Only {@link ClusterCodec} makes one, from a payload it
 * checked (well-formed UTF-8, the slice one JSON object that decoded into a valid event).
 *
 * <p>Immutable by contract: it shares the payload's array, which nobody writes after decoding.
 * Thread-safe.
 */
public final class EncodedEvent {

  private final byte[] bytes;
  private final int offset;
  private final int length;

  EncodedEvent(byte[] bytes, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, bytes.length);
    this.bytes = bytes;
    this.offset = offset;
    this.length = length;
  }

  /** Encoded length in bytes. */
  public int length() {
    return length;
  }

  /** Copies the bytes into {@code target} at {@code at}. */
  public void copyTo(byte[] target, int at) {
    System.arraycopy(bytes, offset, target, at, length);
  }

  /** A copy of the bytes. */
  public byte[] toByteArray() {
    return Arrays.copyOfRange(bytes, offset, offset + length);
  }

  /** The array behind the slice (for the JSON writer; never modified). */
  byte[] array() {
    return bytes;
  }

  int offset() {
    return offset;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof EncodedEvent that
        && Arrays.equals(
            bytes, offset, offset + length, that.bytes, that.offset, that.offset + that.length);
  }

  @Override
  public int hashCode() {
    int hash = 1;
    for (int i = offset; i < offset + length; i++) {
      hash = 31 * hash + bytes[i];
    }
    return hash;
  }

  @Override
  public String toString() {
    return "EncodedEvent[" + length + " bytes]";
  }
}
