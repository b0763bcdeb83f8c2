package io.incidentstream.domain.json;

/** Converts one parsed JSON value found at {@code path}; throws {@link JsonInputException}. */
@FunctionalInterface
public interface JsonConverter<T> {

  T convert(Object value, String path);
}
