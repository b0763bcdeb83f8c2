package io.incidentstream.domain.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.incidentstream.domain.event.JsonNull;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON text into plain Java values: {@code Map<String, Object>} (insertion-ordered), {@code
 * List<Object>}, String, Long (BigInteger when larger), Double (BigDecimal when out of range),
 * Boolean and {@link JsonNull#INSTANCE}. All unmodifiable.
 *
 * <p>The wire format lets a message's type tag come after the fields it governs, so a message is
 * read whole before it is interpreted; frames are small and the depth is bounded, which keeps this
 * cheap. Rejects nesting deeper than {@code maxDepth}, duplicate keys (given a factory with strict
 * duplicate detection), unpaired surrogates and trailing content. Stateless, thread-safe.
 */
public final class JsonTree {

  private static final int MAX_DETAIL_LENGTH = 160;

  private JsonTree() {}

  /**
   * A document read from bytes, with where one top-level field's value lay in them.
   *
   * @param spanStart index of the first byte of the field's value, -1 when the field is absent or
   *     the document is not an object
   * @param spanEnd index just past the value's last byte
   */
  public record Spanned(Object root, int spanStart, int spanEnd) {}

  /** Parses {@code text}; throws {@link JsonInputException} with an empty path when invalid. */
  public static Object parse(JsonFactory factory, @Nullable String text, int maxDepth) {
    if (text == null || text.isBlank()) {
      throw new JsonInputException("", "not valid JSON (no content)");
    }
    try (JsonParser parser = factory.createParser(text)) {
      Object root = new Reader(parser, maxDepth).read();
      if (parser.nextToken() != null) {
        throw new JsonInputException("", "not valid JSON (trailing content after the value)");
      }
      return root;
    } catch (IOException e) {
      throw readFailure(e);
    }
  }

  /**
   * Parses UTF-8 {@code utf8} like {@link #parse(JsonFactory, String, int)} and notes the byte
   * range of the value of the top-level field {@code spanned}. The caller has checked the bytes are
   * UTF-8 (see {@link Utf8}): the factory's parser would otherwise guess UTF-16 or UTF-32 from zero
   * bytes.
   */
  public static Spanned parse(JsonFactory factory, byte[] utf8, int maxDepth, String spanned) {
    try (JsonParser parser = factory.createParser(utf8)) {
      Reader reader = new Reader(parser, maxDepth, spanned);
      Object root = reader.read();
      if (parser.nextToken() != null) {
        throw new JsonInputException("", "not valid JSON (trailing content after the value)");
      }
      return new Spanned(root, reader.spanStart, reader.spanEnd);
    } catch (IOException e) {
      throw readFailure(e);
    }
  }

  /**
   * How many levels of objects and arrays {@code value} is, as the parser's depth limit counts
   * them: 0 for a scalar, 1 for an object or array of scalars, one more for each level inside.
   * Reads a tree from {@link #parse}, whose depth is already bounded.
   */
  public static int depth(@Nullable Object value) {
    Iterable<?> children;
    if (value instanceof Map<?, ?> map) {
      children = map.values();
    } else if (value instanceof List<?> list) {
      children = list;
    } else {
      return 0;
    }
    int inner = 0;
    for (Object child : children) {
      inner = Math.max(inner, depth(child));
    }
    return inner + 1;
  }

  /** What a parse that threw {@code e} tells the sender. */
  private static JsonInputException readFailure(IOException e) {
    if (e instanceof StreamConstraintsException limit) {
      return new JsonInputException("", "exceeds a parser limit (" + detail(limit) + ")");
    }
    if (e instanceof JsonProcessingException invalid) {
      return new JsonInputException("", "not valid JSON (" + detail(invalid) + ")");
    }
    return new JsonInputException("", "could not be read (" + e.getMessage() + ")");
  }

  private static String detail(JsonProcessingException e) {
    String message = String.valueOf(e.getOriginalMessage()).replace('\n', ' ');
    if (message.length() > MAX_DETAIL_LENGTH) {
      message = message.substring(0, MAX_DETAIL_LENGTH) + "…";
    }
    if (e.getLocation() == null) {
      return message;
    }
    return message
        + " at line "
        + e.getLocation().getLineNr()
        + ", column "
        + e.getLocation().getColumnNr();
  }

  private static final class Reader {
    private final JsonParser parser;
    private final int maxDepth;
    private final @Nullable String spanned;
    int spanStart = -1;
    int spanEnd = -1;

    Reader(JsonParser parser, int maxDepth) {
      this(parser, maxDepth, null);
    }

    Reader(JsonParser parser, int maxDepth, @Nullable String spanned) {
      this.parser = parser;
      this.maxDepth = maxDepth;
      this.spanned = spanned;
    }

    Object read() throws IOException {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JsonInputException("", "not valid JSON (no content)");
      }
      return value(first, 1);
    }

    private Object value(JsonToken token, int depth) throws IOException {
      switch (token) {
        case START_OBJECT:
          return object(checkDepth(depth));
        case START_ARRAY:
          return array(checkDepth(depth));
        case VALUE_STRING:
          return checkedText(parser.getText());
        case VALUE_NUMBER_INT:
          return integer();
        case VALUE_NUMBER_FLOAT:
          return decimal();
        case VALUE_TRUE:
          return Boolean.TRUE;
        case VALUE_FALSE:
          return Boolean.FALSE;
        case VALUE_NULL:
          return JsonNull.INSTANCE;
        default:
          throw new JsonInputException("", "not valid JSON (unexpected " + token + ")");
      }
    }

    private int checkDepth(int depth) {
      if (depth > maxDepth) {
        throw new JsonInputException("", "nested deeper than " + maxDepth + " levels");
      }
      return depth;
    }

    private Map<String, Object> object(int depth) throws IOException {
      Map<String, Object> map = new LinkedHashMap<>();
      for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
        String name = checkedText(parser.currentName());
        JsonToken next = parser.nextToken();
        if (depth == 1 && name.equals(spanned)) {
          map.put(name, spannedValue(next, depth));
        } else {
          map.put(name, value(next, depth + 1));
        }
      }
      return Collections.unmodifiableMap(map);
    }

    /** A top-level field's value, with its byte range (offsets count bytes of byte input). */
    private Object spannedValue(JsonToken token, int depth) throws IOException {
      long start = parser.currentTokenLocation().getByteOffset();
      Object value = value(token, depth + 1);
      spanStart = (int) start;
      spanEnd = (int) parser.currentLocation().getByteOffset();
      return value;
    }

    private List<Object> array(int depth) throws IOException {
      List<Object> list = new ArrayList<>();
      for (JsonToken t = parser.nextToken(); t != JsonToken.END_ARRAY; t = parser.nextToken()) {
        list.add(value(t, depth + 1));
      }
      return Collections.unmodifiableList(list);
    }

    private Object integer() throws IOException {
      if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        return parser.getBigIntegerValue();
      }
      return parser.getLongValue();
    }

    private Object decimal() throws IOException {
      double value = parser.getDoubleValue();
      if (Double.isFinite(value)) {
        return value;
      }
      try {
        return parser.getDecimalValue();
      } catch (NumberFormatException e) {
        // BigDecimal's scale is an int: 7e9992999999 is beyond even a BigDecimal.
        throw new JsonInputException(
            "",
            "exceeds a parser limit (number "
                + JsonValues.quote(parser.getText())
                + " out of range)");
      }
    }
  }

  // Jackson passes lone surrogates from \\uD800-style escapes through; they cannot be re-encoded.
  private static String checkedText(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isSurrogate(c)) {
        continue;
      }
      boolean paired =
          Character.isHighSurrogate(c)
              && i + 1 < text.length()
              && Character.isLowSurrogate(text.charAt(i + 1));
      if (!paired) {
        throw new JsonInputException("", "not valid JSON (unpaired surrogate in a string)");
      }
      i++;
    }
    return text;
  }
}
