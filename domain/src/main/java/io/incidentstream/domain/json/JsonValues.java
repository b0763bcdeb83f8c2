package io.incidentstream.domain.json;

import io.incidentstream.domain.event.JsonNull;
import java.math.BigInteger;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Converters from {@link JsonTree} values to typed Java values. Each names the path and the
 * offending value when it rejects one.
 */
public final class JsonValues {

  private static final int MAX_QUOTED_LENGTH = 64;
  private static final int UUID_LENGTH = 36;

  private JsonValues() {}

  public static String string(Object value, String path) {
    if (value instanceof String s) {
      return s;
    }
    throw wrongType(path, "a string", value);
  }

  public static boolean bool(Object value, String path) {
    if (value instanceof Boolean b) {
      return b;
    }
    throw wrongType(path, "a boolean", value);
  }

  public static long integer(Object value, String path) {
    if (value instanceof Long l) {
      return l;
    }
    if (value instanceof BigInteger) {
      throw new JsonInputException(path, "out of range " + value);
    }
    throw wrongType(path, "an integer", value);
  }

  public static long nonNegative(Object value, String path) {
    long result = integer(value, path);
    if (result < 0) {
      throw new JsonInputException(path, "must not be negative, was " + result);
    }
    return result;
  }

  public static int count(Object value, String path) {
    long result = nonNegative(value, path);
    if (result > Integer.MAX_VALUE) {
      throw new JsonInputException(path, "out of range " + result);
    }
    return (int) result;
  }

  public static double number(Object value, String path) {
    if (value instanceof Number n) {
      return n.doubleValue();
    }
    throw wrongType(path, "a number", value);
  }

  /** A uuid in its canonical 8-4-4-4-12 hex form (either case). */
  public static UUID uuid(Object value, String path) {
    String text = string(value, path);
    if (!isCanonicalUuid(text)) {
      throw new JsonInputException(path, "not a uuid " + quote(text));
    }
    return UUID.fromString(text);
  }

  /** An RFC 3339 timestamp with {@code Z} or an offset, converted to UTC. */
  public static Instant instant(Object value, String path) {
    String text = string(value, path);
    try {
      return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      throw new JsonInputException(path, "not an RFC 3339 timestamp " + quote(text));
    }
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> object(Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      return (Map<String, Object>) map;
    }
    throw wrongType(path, "an object", value);
  }

  public static <T> List<T> list(Object value, String path, JsonConverter<T> element) {
    if (!(value instanceof List<?> items)) {
      throw wrongType(path, "an array", value);
    }
    List<T> result = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      result.add(element.convert(items.get(i), path + "[" + i + "]"));
    }
    return Collections.unmodifiableList(result);
  }

  public static Map<String, String> stringMap(Object value, String path) {
    Map<String, Object> source = object(value, path);
    Map<String, String> result = new LinkedHashMap<>(source.size() * 2);
    source.forEach((key, item) -> result.put(key, string(item, path + "." + key)));
    return result;
  }

  public static JsonInputException wrongType(String path, String expected, Object actual) {
    return new JsonInputException(path, "expected " + expected + ", got " + describe(actual));
  }

  /** A short, readable rendering of a JSON value for error messages. */
  public static String describe(Object value) {
    if (value instanceof JsonNull) {
      return "null";
    }
    if (value instanceof String s) {
      return "string " + quote(s);
    }
    if (value instanceof Map) {
      return "an object";
    }
    if (value instanceof List) {
      return "an array";
    }
    if (value instanceof Boolean) {
      return "boolean " + value;
    }
    return "number " + abbreviate(String.valueOf(value));
  }

  /** Quotes {@code text} for an error message, escaping controls and truncating long values. */
  public static String quote(String text) {
    boolean truncated = text.length() > MAX_QUOTED_LENGTH;
    String shown = truncated ? text.substring(0, MAX_QUOTED_LENGTH) : text;
    StringBuilder out = new StringBuilder(shown.length() + 3).append('"');
    for (int i = 0; i < shown.length(); i++) {
      appendEscaped(out, shown.charAt(i));
    }
    return out.append(truncated ? "\"…" : "\"").toString();
  }

  private static String abbreviate(String text) {
    return text.length() > MAX_QUOTED_LENGTH ? text.substring(0, MAX_QUOTED_LENGTH) + "…" : text;
  }

  private static void appendEscaped(StringBuilder out, char c) {
    if (c == '"' || c == '\\') {
      out.append('\\').append(c);
      return;
    }
    if (c < 0x20 || Character.isSurrogate(c)) {
      out.append(String.format("\\u%04x", (int) c));
      return;
    }
    out.append(c);
  }

  private static boolean isCanonicalUuid(String text) {
    if (text.length() != UUID_LENGTH) {
      return false;
    }
    for (int i = 0; i < UUID_LENGTH; i++) {
      char c = text.charAt(i);
      boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0 || c > 'f') {
        return false;
      }
    }
    return true;
  }
}
