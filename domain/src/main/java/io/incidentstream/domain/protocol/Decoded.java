package io.incidentstream.domain.protocol;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of decoding untrusted input: a value, or the field-level reasons it was rejected.
 * Decoders return this instead of throwing, so bad input can never escape as an exception.
 */
public sealed interface Decoded<T> {

  record Ok<T>(T value) implements Decoded<T> {
    public Ok {
      Objects.requireNonNull(value, "value");
    }
  }

  /** Rejected input; {@code errors} is never empty. */
  record Failed<T>(List<FieldError> errors) implements Decoded<T> {
    public Failed {
      errors = List.copyOf(errors);
      if (errors.isEmpty()) {
        throw new IllegalArgumentException("errors must not be empty");
      }
    }

    /** All reasons in one line, e.g. {@code filters.severities[0]: unknown severity "p0"}. */
    public String describe() {
      return errors.stream().map(FieldError::describe).collect(Collectors.joining("; "));
    }

    /** The {@code INVALID_MESSAGE} error a client receives for this input. */
    public ServerMessage.Error toError() {
      return ServerMessage.Error.invalidMessage(describe());
    }
  }

  static <T> Decoded<T> ok(T value) {
    return new Ok<>(value);
  }

  static <T> Decoded<T> failed(String path, String message) {
    return new Failed<>(List.of(new FieldError(path, message)));
  }
}
