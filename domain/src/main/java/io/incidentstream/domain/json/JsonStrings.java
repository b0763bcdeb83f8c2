package io.incidentstream.domain.json;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.util.List;

/** Hand-rolled UTF-8 output for the per-recipient hot path, where a generator costs too much. */
public final class JsonStrings {

  private JsonStrings() {}

  /**
   * {@code ["a","b"]} followed by {@code tail}, escaped as Jackson's generator escapes strings. Ids
   * of printable ASCII (the usual case) are copied byte by byte; others go through Jackson's {@link
   * JsonStringEncoder}.
   */
  public static byte[] stringArray(List<String> values, char tail) {
    int count = values.size();
    byte[][] escaped = null;
    int size = 3 + Math.max(0, count - 1) + 2 * count;
    for (int i = 0; i < count; i++) {
      String value = values.get(i);
      if (isPlainAscii(value)) {
        size += value.length();
        continue;
      }
      if (escaped == null) {
        escaped = new byte[count][];
      }
      escaped[i] = JsonStringEncoder.getInstance().quoteAsUTF8(value);
      size += escaped[i].length;
    }
    byte[] out = new byte[size];
    int pos = 0;
    out[pos++] = '[';
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out[pos++] = ',';
      }
      out[pos++] = '"';
      byte[] bytes = escaped == null ? null : escaped[i];
      pos = bytes == null ? copyAscii(values.get(i), out, pos) : copy(bytes, out, pos);
      out[pos++] = '"';
    }
    out[pos++] = ']';
    out[pos] = (byte) tail;
    return out;
  }

  private static boolean isPlainAscii(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  private static int copyAscii(String value, byte[] out, int pos) {
    for (int i = 0; i < value.length(); i++) {
      out[pos + i] = (byte) value.charAt(i);
    }
    return pos + value.length();
  }

  private static int copy(byte[] bytes, byte[] out, int pos) {
    System.arraycopy(bytes, 0, out, pos, bytes.length);
    return pos + bytes.length;
  }
}
