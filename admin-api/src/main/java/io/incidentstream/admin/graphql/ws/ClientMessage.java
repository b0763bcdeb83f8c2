package io.incidentstream.admin.graphql.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A graphql-transport-ws message a client may send. Immutable. */
sealed interface ClientMessage {

  /** {@code connection_init}; {@code payload} is the object the client sent, or empty. */
  record ConnectionInit(Map<String, Object> payload) implements ClientMessage {}

  /** {@code ping}: answered with {@code pong}, echoing {@code payload} when one was sent. */
  record Ping(Map<String, Object> payload) implements ClientMessage {}

  /** {@code pong}: an answer to a ping of ours, or a unidirectional heartbeat. */
  record Pong() implements ClientMessage {}

  /** {@code subscribe}: start operation {@code id}. */
  record Subscribe(
      String id,
      String query,
      @Nullable String operationName,
      Map<String, Object> variables,
      Map<String, Object> extensions)
      implements ClientMessage {}

  /** {@code complete}: the client stops operation {@code id}. */
  record Complete(String id) implements ClientMessage {}

  /** A message that is not valid: the connection closes with 4400 and {@link #reason()}. */
  final class InvalidMessageException extends RuntimeException {
    InvalidMessageException(String reason) {
      super(reason);
    }

    String reason() {
      return getMessage();
    }
  }

  /**
   * Reads one text frame.
   *
   * @throws InvalidMessageException naming what is wrong with it
   */
  static ClientMessage parse(ObjectMapper json, String text) {
    JsonNode message;
    try {
      message = json.readTree(text);
    } catch (JsonProcessingException e) {
      throw new InvalidMessageException("Invalid message: not JSON");
    }
    if (message == null || !message.isObject()) {
      throw new InvalidMessageException("Invalid message: not a JSON object");
    }
    JsonNode type = message.get("type");
    if (type == null || !type.isTextual()) {
      throw new InvalidMessageException("Invalid message: no \"type\" string");
    }
    return switch (type.textValue()) {
      case "connection_init" -> new ConnectionInit(object(json, message, "payload"));
      case "ping" -> ping(json, message);
      case "pong" -> pong(json, message);
      case "subscribe" -> subscribe(json, message);
      case "complete" -> new Complete(id(message));
      default ->
          throw new InvalidMessageException(
              "Invalid message: a client may not send type \"" + type.textValue() + "\"");
    };
  }

  private static Ping ping(ObjectMapper json, JsonNode message) {
    return new Ping(object(json, message, "payload"));
  }

  private static Pong pong(ObjectMapper json, JsonNode message) {
    object(json, message, "payload");
    return new Pong();
  }

  private static Subscribe subscribe(ObjectMapper json, JsonNode message) {
    String id = id(message);
    JsonNode payload = message.get("payload");
    if (payload == null || !payload.isObject()) {
      throw new InvalidMessageException("Invalid message: subscribe needs a \"payload\" object");
    }
    JsonNode query = payload.get("query");
    if (query == null || !query.isTextual()) {
      throw new InvalidMessageException("Invalid message: subscribe needs a \"query\" string");
    }
    JsonNode operationName = payload.get("operationName");
    if (operationName != null && !operationName.isNull() && !operationName.isTextual()) {
      throw new InvalidMessageException("Invalid message: \"operationName\" must be a string");
    }
    return new Subscribe(
        id,
        query.textValue(),
        operationName == null || operationName.isNull() ? null : operationName.textValue(),
        object(json, payload, "variables"),
        object(json, payload, "extensions"));
  }

  private static String id(JsonNode message) {
    JsonNode id = message.get("id");
    if (id == null || !id.isTextual() || id.textValue().isEmpty()) {
      throw new InvalidMessageException(
          "Invalid message: " + message.get("type").textValue() + " needs a non-empty \"id\"");
    }
    return id.textValue();
  }

  /** The object at {@code field}; empty when absent or null; anything else is invalid. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> object(ObjectMapper json, JsonNode parent, String field) {
    JsonNode value = parent.get(field);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!value.isObject()) {
      throw new InvalidMessageException("Invalid message: \"" + field + "\" must be an object");
    }
    return json.convertValue(value, Map.class);
  }
}
