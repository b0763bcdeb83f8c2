package io.incidentstream.domain.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.json.EventReader;
import io.incidentstream.domain.json.EventWriter;
import io.incidentstream.domain.json.FiltersJson;
import io.incidentstream.domain.json.JsonFields;
import io.incidentstream.domain.json.JsonInputException;
import io.incidentstream.domain.json.JsonValues;
import io.incidentstream.domain.json.ModelWriter;
import io.incidentstream.domain.json.WireEnumReader;
import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Reads and writes server messages; the {@code event} frame is written in two parts. */
final class ServerMessages {

  private static final String TYPES =
      "welcome, subscribed, unsubscribed, pong, event, error, closing";
  private static final String ERROR_CODES =
      Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.joining(", "));

  private ServerMessages() {}

  static ServerMessage read(JsonFields f, Instant now) {
    String type = f.requiredString("type");
    switch (type) {
      case "welcome":
        return new ServerMessage.Welcome(
            f.requiredString("session_id"),
            f.requiredInstant("server_time"),
            f.requiredString("instance_id"),
            f.required("heartbeat_interval_ms", JsonValues::nonNegative),
            f.requiredString("epoch"));
      case "subscribed":
        return new ServerMessage.Subscribed(
            f.requiredString("subscription_id"),
            ClientMessages.filters(f),
            f.nullable("recovered", JsonValues::bool),
            f.requiredString("epoch"));
      case "unsubscribed":
        return new ServerMessage.Unsubscribed(f.requiredString("subscription_id"));
      case "pong":
        return new ServerMessage.Pong(f.requiredInstant("timestamp"));
      case "event":
        return event(f, now);
      case "error":
        return new ServerMessage.Error(
            f.required("code", ServerMessages::errorCode), f.requiredString("message"));
      case "closing":
        return new ServerMessage.Closing(f.requiredString("reason"));
      default:
        throw ClientMessages.unknownType(type, TYPES);
    }
  }

  private static ServerMessage.Event event(JsonFields f, Instant now) {
    EventEnvelope envelope =
        new EventEnvelope(
            f.uuid("message_id"),
            f.required("seq", JsonValues::nonNegative),
            f.requiredInstant("timestamp"),
            f.required("priority", WireEnumReader.PRIORITY),
            EventEnvelope.DEFAULT_TENANT,
            f.object("event", new EventReader(now)::read));
    return new ServerMessage.Event(envelope, f.strictList("subscription_ids", JsonValues::string));
  }

  private static ErrorCode errorCode(Object value, String path) {
    String code = JsonValues.string(value, path);
    for (ErrorCode candidate : ErrorCode.values()) {
      if (candidate.name().equals(code)) {
        return candidate;
      }
    }
    throw new JsonInputException(
        path,
        "unknown error code " + JsonValues.quote(code) + " (expected one of " + ERROR_CODES + ")");
  }

  /** Everything but {@code event}, which {@link ProtocolCodec} assembles from two parts. */
  static void write(JsonGenerator g, ServerMessage message) throws IOException {
    g.writeStartObject();
    if (message instanceof ServerMessage.Welcome m) {
      g.writeStringField("type", "welcome");
      g.writeStringField("session_id", m.sessionId());
      ModelWriter.instantField(g, "server_time", m.serverTime());
      g.writeStringField("instance_id", m.instanceId());
      g.writeNumberField("heartbeat_interval_ms", m.heartbeatIntervalMs());
      g.writeStringField("epoch", m.epoch());
    } else if (message instanceof ServerMessage.Subscribed m) {
      writeSubscribed(g, m);
    } else if (message instanceof ServerMessage.Unsubscribed m) {
      g.writeStringField("type", "unsubscribed");
      g.writeStringField("subscription_id", m.subscriptionId());
    } else if (message instanceof ServerMessage.Pong m) {
      g.writeStringField("type", "pong");
      ModelWriter.instantField(g, "timestamp", m.timestamp());
    } else if (message instanceof ServerMessage.Error m) {
      g.writeStringField("type", "error");
      g.writeStringField("code", m.code().name());
      g.writeStringField("message", m.message());
    } else if (message instanceof ServerMessage.Closing m) {
      g.writeStringField("type", "closing");
      g.writeStringField("reason", m.reason());
    } else {
      throw new IllegalArgumentException("not written here: " + message.getClass().getName());
    }
    g.writeEndObject();
  }

  private static void writeSubscribed(JsonGenerator g, ServerMessage.Subscribed m)
      throws IOException {
    g.writeStringField("type", "subscribed");
    g.writeStringField("subscription_id", m.subscriptionId());
    g.writeFieldName("filters");
    FiltersJson.write(g, m.filters());
    Boolean recovered = m.recovered();
    if (recovered != null) {
      g.writeBooleanField("recovered", recovered);
    }
    g.writeStringField("epoch", m.epoch());
  }

  /** The event frame up to and including the {@code "subscription_ids":} field name. */
  static void writeEventPrefix(JsonGenerator g, EventEnvelope envelope) throws IOException {
    writeEventPrefix(g, envelope, null);
  }

  /** With {@code encoded}: the event object's bytes as they are, instead of encoding it. */
  static void writeEventPrefix(
      JsonGenerator g, EventEnvelope envelope, @Nullable SerializableString encoded)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "event");
    ModelWriter.uuidField(g, "message_id", envelope.messageId());
    g.writeNumberField("seq", envelope.seq());
    g.writeFieldName("event");
    if (encoded == null) {
      EventWriter.write(g, envelope.event());
    } else {
      g.writeRawValue(encoded);
    }
    ModelWriter.instantField(g, "timestamp", envelope.timestamp());
    ModelWriter.enumField(g, "priority", envelope.priority());
    g.writeFieldName("subscription_ids");
    // Jackson writes the separating colon with the value, which the suffix supplies.
    g.writeRaw(':');
  }
}
