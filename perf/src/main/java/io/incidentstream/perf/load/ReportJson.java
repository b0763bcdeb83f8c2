package io.incidentstream.perf.load;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a {@link Report} as JSON: every record component becomes a snake_case field, in
 * declaration order; NaN (a figure the server did not offer) becomes {@code null}. Stateless.
 */
final class ReportJson {

  private static final JsonFactory FACTORY = new JsonFactory();

  private ReportJson() {}

  static String write(Report report) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      json.useDefaultPrettyPrinter();
      value(json, report);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string failed", e);
    }
    return out.toString() + "\n";
  }

  private static void value(JsonGenerator json, Object value) throws IOException {
    if (value == null) {
      json.writeNull();
    } else if (value instanceof Record record) {
      object(json, record);
    } else if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        json.writeFieldName(String.valueOf(entry.getKey()));
        value(json, entry.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof Collection<?> items) {
      json.writeStartArray();
      for (Object item : items) {
        value(json, item);
      }
      json.writeEndArray();
    } else {
      scalar(json, value);
    }
  }

  private static void scalar(JsonGenerator json, Object value) throws IOException {
    if (value instanceof Double d) {
      if (d.isNaN() || d.isInfinite()) {
        json.writeNull();
      } else {
        json.writeNumber(d);
      }
    } else if (value instanceof Integer || value instanceof Long) {
      json.writeNumber(((Number) value).longValue());
    } else if (value instanceof Boolean b) {
      json.writeBoolean(b);
    } else if (value instanceof Enum<?> e) {
      json.writeString(e.name().toLowerCase(Locale.ROOT));
    } else {
      json.writeString(value.toString());
    }
  }

  private static void object(JsonGenerator json, Record record) throws IOException {
    json.writeStartObject();
    for (RecordComponent component : record.getClass().getRecordComponents()) {
      json.writeFieldName(snakeCase(component.getName()));
      value(json, read(component, record));
    }
    json.writeEndObject();
  }

  private static Object read(RecordComponent component, Record record) {
    try {
      component.getAccessor().setAccessible(true);
      return component.getAccessor().invoke(record);
    } catch (IllegalAccessException | InvocationTargetException e) {
      throw new IllegalStateException("cannot read " + component, e);
    }
  }

  static String snakeCase(String camel) {
    StringBuilder out = new StringBuilder(camel.length() + 4);
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        out.append('_');
      }
      out.append(Character.toLowerCase(c));
    }
    return out.toString();
  }
}
