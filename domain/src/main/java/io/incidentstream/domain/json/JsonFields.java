package io.incidentstream.domain.json;

import io.incidentstream.domain.event.JsonNull;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Typed, path-aware access to the fields of one parsed JSON object. "Required" getters reject a
 * missing or null field; the others fall back to the given default (or null) when the field is
 * absent or null. A present, non-null value of the wrong type is always rejected.
 */
public final class JsonFields {

  private final Map<String, Object> fields;
  private final String path;

  private JsonFields(Map<String, Object> fields, String path) {
    this.fields = fields;
    this.path = path;
  }

  /** The object {@code value}, found at {@code path}; rejects anything but an object. */
  public static JsonFields of(Object value, String path) {
    return new JsonFields(JsonValues.object(value, path), path);
  }

  /** A converter reading each element as an object with {@code reader}. */
  public static <T> JsonConverter<T> objects(Function<JsonFields, T> reader) {
    return (value, path) -> reader.apply(of(value, path));
  }

  public String path() {
    return path;
  }

  public String pathOf(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  public boolean contains(String name) {
    return fields.containsKey(name);
  }

  /** The raw value, or null when absent or JSON null. */
  public @Nullable Object present(String name) {
    Object value = fields.get(name);
    return value == JsonNull.INSTANCE ? null : value;
  }

  public Object required(String name) {
    Object value = fields.get(name);
    if (value == null) {
      throw new JsonInputException(pathOf(name), "missing");
    }
    if (value == JsonNull.INSTANCE) {
      throw new JsonInputException(pathOf(name), "must not be null");
    }
    return value;
  }

  public <T> T required(String name, JsonConverter<T> converter) {
    return converter.convert(required(name), pathOf(name));
  }

  public <T> @Nullable T nullable(String name, JsonConverter<T> converter) {
    Object value = present(name);
    return value == null ? null : converter.convert(value, pathOf(name));
  }

  public <T> T optional(String name, JsonConverter<T> converter, T fallback) {
    T value = nullable(name, converter);
    return value == null ? fallback : value;
  }

  public String requiredString(String name) {
    return required(name, JsonValues::string);
  }

  /** The string, or {@code ""} when absent or null. */
  public String string(String name) {
    return optional(name, JsonValues::string, "");
  }

  public @Nullable String nullableString(String name) {
    return nullable(name, JsonValues::string);
  }

  public UUID uuid(String name) {
    return required(name, JsonValues::uuid);
  }

  public @Nullable UUID nullableUuid(String name) {
    return nullable(name, JsonValues::uuid);
  }

  public Instant instant(String name, Instant fallback) {
    return optional(name, JsonValues::instant, fallback);
  }

  public Instant requiredInstant(String name) {
    return required(name, JsonValues::instant);
  }

  public boolean requiredBoolean(String name) {
    return required(name, JsonValues::bool);
  }

  public boolean bool(String name, boolean fallback) {
    return optional(name, JsonValues::bool, fallback);
  }

  public @Nullable Double nullableDouble(String name) {
    return nullable(name, JsonValues::number);
  }

  /** The list, or empty when absent or null. */
  public <T> List<T> list(String name, JsonConverter<T> element) {
    Object value = present(name);
    return value == null ? List.of() : JsonValues.list(value, pathOf(name), element);
  }

  /** The list, or empty when absent; a null is rejected like any other non-array. */
  public <T> List<T> strictList(String name, JsonConverter<T> element) {
    Object value = fields.get(name);
    return value == null ? List.of() : JsonValues.list(value, pathOf(name), element);
  }

  /** The string-to-string map, or empty when absent or null. */
  public Map<String, String> stringMap(String name) {
    Object value = present(name);
    return value == null ? Map.of() : JsonValues.stringMap(value, pathOf(name));
  }

  /** The string-to-string map, or empty when absent; a null is rejected. */
  public Map<String, String> strictStringMap(String name) {
    Object value = fields.get(name);
    return value == null ? Map.of() : JsonValues.stringMap(value, pathOf(name));
  }

  /** A free-form object as a map of {@link JsonTree} values, or empty when absent or null. */
  public Map<String, Object> anyObject(String name) {
    Object value = present(name);
    return value == null ? Map.of() : JsonValues.object(value, pathOf(name));
  }

  public <T> T object(String name, Function<JsonFields, T> reader) {
    return reader.apply(of(required(name), pathOf(name)));
  }

  public <T> @Nullable T nullableObject(String name, Function<JsonFields, T> reader) {
    Object value = present(name);
    return value == null ? null : reader.apply(of(value, pathOf(name)));
  }
}
