package io.incidentstream.domain.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.incidentstream.domain.filter.SubscriptionFilters;
import io.incidentstream.domain.json.FiltersJson;
import io.incidentstream.domain.json.JsonFields;
import io.incidentstream.domain.json.JsonInputException;
import io.incidentstream.domain.json.JsonValues;
import java.io.IOException;

/**
 * Reads and writes client messages. Stateless. A {@code since} of {@code null} counts as absent,
 * matching the writer, which writes absent optional values as {@code null}; so does an {@code
 * epoch} of {@code null}, which the writer leaves out.
 */
final class ClientMessages {

  private static final String TYPES = "subscribe, unsubscribe, ping, ack, refresh";

  private ClientMessages() {}

  static ClientMessage read(JsonFields f) {
    String type = f.requiredString("type");
    switch (type) {
      case "subscribe":
        return new ClientMessage.Subscribe(
            subscriptionId(f),
            filters(f),
            f.nullable("since", JsonValues::nonNegative),
            f.nullableString("epoch"));
      case "unsubscribe":
        return new ClientMessage.Unsubscribe(subscriptionId(f));
      case "ping":
        return new ClientMessage.Ping(f.requiredInstant("timestamp"));
      case "ack":
        return new ClientMessage.Ack(f.requiredString("message_id"));
      case "refresh":
        return new ClientMessage.Refresh(f.requiredString("token"));
      default:
        throw unknownType(type, TYPES);
    }
  }

  static JsonInputException unknownType(String type, String expected) {
    return new JsonInputException(
        "type",
        "unknown message type " + JsonValues.quote(type) + " (expected one of " + expected + ")");
  }

  /** A non-empty id of at most {@value ClientMessage#MAX_SUBSCRIPTION_ID_LENGTH} chars. */
  static String subscriptionId(JsonFields f) {
    String id = f.requiredString("subscription_id");
    if (id.isEmpty()) {
      throw new JsonInputException("subscription_id", "must not be empty");
    }
    if (id.length() > ClientMessage.MAX_SUBSCRIPTION_ID_LENGTH) {
      throw new JsonInputException(
          "subscription_id",
          "longer than "
              + ClientMessage.MAX_SUBSCRIPTION_ID_LENGTH
              + " characters ("
              + id.length()
              + ")");
    }
    return id;
  }

  /** Missing means no restriction; null or a non-object is rejected. */
  static SubscriptionFilters filters(JsonFields f) {
    if (!f.contains("filters")) {
      return SubscriptionFilters.NONE;
    }
    return FiltersJson.read(JsonFields.of(f.required("filters"), "filters"));
  }

  static void write(JsonGenerator g, ClientMessage message) throws IOException {
    g.writeStartObject();
    if (message instanceof ClientMessage.Subscribe m) {
      g.writeStringField("type", "subscribe");
      g.writeStringField("subscription_id", m.subscriptionId());
      g.writeFieldName("filters");
      FiltersJson.write(g, m.filters());
      writeSince(g, m);
      if (m.epoch() != null) {
        g.writeStringField("epoch", m.epoch());
      }
    } else if (message instanceof ClientMessage.Unsubscribe m) {
      g.writeStringField("type", "unsubscribe");
      g.writeStringField("subscription_id", m.subscriptionId());
    } else if (message instanceof ClientMessage.Ping m) {
      g.writeStringField("type", "ping");
      g.writeStringField("timestamp", m.timestamp().toString());
    } else if (message instanceof ClientMessage.Ack m) {
      g.writeStringField("type", "ack");
      g.writeStringField("message_id", m.messageId());
    } else if (message instanceof ClientMessage.Refresh m) {
      g.writeStringField("type", "refresh");
      g.writeStringField("token", m.token());
    }
    g.writeEndObject();
  }

  private static void writeSince(JsonGenerator g, ClientMessage.Subscribe m) throws IOException {
    g.writeFieldName("since");
    if (m.since() == null) {
      g.writeNull();
      return;
    }
    g.writeNumber(m.since());
  }
}
