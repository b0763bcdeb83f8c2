package io.incidentstream.domain.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.event.TraceParent;
import io.incidentstream.domain.json.EventReader;
import io.incidentstream.domain.json.EventWriter;
import io.incidentstream.domain.json.JsonConverter;
import io.incidentstream.domain.json.JsonFields;
import io.incidentstream.domain.json.JsonInputException;
import io.incidentstream.domain.json.JsonOutput;
import io.incidentstream.domain.json.JsonValues;
import io.incidentstream.domain.json.ModelWriter;
import io.incidentstream.domain.json.WireEnumReader;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes what instances exchange over the cluster bus: sequenced envelopes (pub/sub and
 * the shared history), heartbeats, producers' batches on the ingest channel and the rejections
 * reported back to them. Thread-safe and stateless: share one instance.
 *
 * <p>The sequence number is assigned inside Redis, so an envelope and a heartbeat are written in
 * two parts: Java encodes everything it knows, and the sequencing script adds the rest by plain
 * concatenation. {@link #encodeEnvelopeTail} is everything after {@code seq}; the script writes
 * {@code {"epoch":"<epoch>","seq":<seq>} in front of it. Epochs are made by the script from hex
 * digits, a colon and a number, so they never need escaping. {@link #encodeEnvelope} writes the
 * same bytes in one go.
 *
 * <p>Decoders never throw on bad input: they return {@link Decoded.Failed} naming the offending
 * field, like {@link ProtocolCodec}'s. The one exception to "bad field, bad message" is {@code
 * traceparent}: tracing metadata never costs an event, so a malformed one is read as absent.
 */
public final class ClusterCodec {

  private final Clock clock;

  public ClusterCodec() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock supplies the time that stands in for timestamps a producer left out
   */
  public ClusterCodec(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * {@code {"epoch":…,"seq":…,"message_id":…,"timestamp":…,"priority":…,"tenant":…,
   * "traceparent":…,"event":{…}}}, {@code traceparent} only when the envelope has one.
   */
  public byte[] encodeEnvelope(BusEnvelope bus) {
    Objects.requireNonNull(bus, "bus");
    return JsonOutput.write(
        ProtocolCodec.FACTORY,
        g -> {
          g.writeStartObject();
          g.writeStringField("epoch", bus.epoch());
          g.writeNumberField("seq", bus.seq());
          writeEnvelopeFields(g, bus.envelope());
          g.writeEndObject();
        });
  }

  /**
   * Everything of an envelope after its {@code seq}, starting with a comma: {@code
   * ,"message_id":…,"event":{…}}}. The envelope's own {@code seq} is not written.
   */
  public byte[] encodeEnvelopeTail(EventEnvelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    byte[] tail =
        JsonOutput.write(
            ProtocolCodec.FACTORY,
            g -> {
              g.writeStartObject();
              writeEnvelopeFields(g, envelope);
              g.writeEndObject();
            });
    tail[0] = ',';
    return tail;
  }

  public Decoded<BusEnvelope> decodeEnvelope(String json) {
    return ProtocolCodec.decode(json, clock, (root, now) -> envelope(fields(root), now));
  }

  /**
   * Decodes an envelope from the bytes the bus delivered, keeping the {@code event} object's bytes
   * as its {@link BusEnvelope#encodedEvent()} (sharing {@code payload}, which the caller must not
   * change afterwards). Refused, like any invalid envelope: bytes that are not well-formed UTF-8 or
   * hold a NUL, and anything {@link #decodeEnvelope(String)} refuses.
   */
  public Decoded<BusEnvelope> decodeEnvelope(byte[] payload) {
    Objects.requireNonNull(payload, "payload");
    return ProtocolCodec.decode(
        payload,
        "event",
        clock,
        (root, start, end, now) -> {
          BusEnvelope bus = envelope(fields(root), now);
          return new BusEnvelope(bus.epoch(), bus.envelope(), eventBytes(payload, start, end));
        });
  }

  /**
   * The start of a heartbeat, left open: {@code {"instance_id":…,"sent_at":…,"sent_nanos":…}; the
   * heartbeat script appends {@code ,"seq":<counter>,"epoch":"<epoch>"}}.
   */
  public byte[] encodeHeartbeatHead(String instanceId, Instant sentAt, long sentNanos) {
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(sentAt, "sentAt");
    return JsonOutput.write(
        ProtocolCodec.FACTORY, g -> writeHeartbeatHead(g, instanceId, sentAt, sentNanos));
  }

  public byte[] encodeHeartbeat(BusHeartbeat heartbeat) {
    Objects.requireNonNull(heartbeat, "heartbeat");
    return JsonOutput.write(
        ProtocolCodec.FACTORY,
        g -> {
          writeHeartbeatHead(g, heartbeat.instanceId(), heartbeat.sentAt(), heartbeat.sentNanos());
          g.writeNumberField("seq", heartbeat.seq());
          g.writeStringField("epoch", heartbeat.epoch());
          g.writeEndObject();
        });
  }

  public Decoded<BusHeartbeat> decodeHeartbeat(String json) {
    return ProtocolCodec.decode(
        json,
        clock,
        (root, now) -> {
          JsonFields f = fields(root);
          return new BusHeartbeat(
              f.requiredString("instance_id"),
              f.requiredInstant("sent_at"),
              f.required("sent_nanos", JsonValues::integer),
              f.required("seq", JsonValues::nonNegative),
              f.requiredString("epoch"));
        });
  }

  /**
   * Decodes what a producer publishes, on the ingest channel or as the body of {@code POST
   * /api/v1/events}: {@code {"tenant":…,"traceparent":…,"events":[…]}} ({@code tenant} and {@code
   * traceparent} optional), a JSON array of events, or one event object, each event with its
   * optional producer {@code message_id}. All or nothing, with the batch limits of {@link
   * ProtocolCodec#decodeEvents}.
   */
  public Decoded<IngestBatch> decodeIngest(String json) {
    return ProtocolCodec.decode(json, clock, ClusterCodec::ingest);
  }

  /**
   * {@code {"tenant":…,"traceparent":…,"events":[…]}}: what an external producer publishes ({@code
   * traceparent} only when the batch has one).
   */
  public byte[] encodeIngest(IngestBatch batch) {
    Objects.requireNonNull(batch, "batch");
    return JsonOutput.write(
        ProtocolCodec.FACTORY,
        g -> {
          g.writeStartObject();
          if (batch.tenant() != null) {
            g.writeStringField("tenant", batch.tenant());
          }
          writeTraceParent(g, batch.traceparent());
          g.writeArrayFieldStart("events");
          for (ProducedEvent produced : batch.events()) {
            EventWriter.write(g, produced.event(), produced.messageId());
          }
          g.writeEndArray();
          g.writeEndObject();
        });
  }

  /**
   * {@code {"error":…,"message":…,"errors":[{"path":…,"message":…}],"instance_id":…,
   * "received_at":…,"payload_bytes":…,"payload_sha256":…,"payload_excerpt":…}}.
   */
  public byte[] encodeIngestRejection(IngestRejection rejection) {
    Objects.requireNonNull(rejection, "rejection");
    return JsonOutput.write(
        ProtocolCodec.FACTORY,
        g -> {
          g.writeStartObject();
          g.writeStringField("error", rejection.error());
          g.writeStringField("message", rejection.message());
          g.writeArrayFieldStart("errors");
          for (FieldError error : rejection.errors()) {
            g.writeStartObject();
            g.writeStringField("path", error.path());
            g.writeStringField("message", error.message());
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeStringField("instance_id", rejection.instanceId());
          ModelWriter.instantField(g, "received_at", rejection.receivedAt());
          g.writeNumberField("payload_bytes", rejection.payloadBytes());
          g.writeStringField("payload_sha256", rejection.payloadSha256());
          g.writeStringField("payload_excerpt", rejection.payloadExcerpt());
          g.writeEndObject();
        });
  }

  public Decoded<IngestRejection> decodeIngestRejection(String json) {
    return ProtocolCodec.decode(
        json,
        clock,
        (root, now) -> {
          JsonFields f = fields(root);
          return new IngestRejection(
              f.requiredString("error"),
              f.requiredString("message"),
              f.strictList("errors", JsonFields.objects(ClusterCodec::fieldError)),
              f.requiredString("instance_id"),
              f.requiredInstant("received_at"),
              f.required("payload_bytes", JsonValues::nonNegative),
              f.requiredString("payload_sha256"),
              f.requiredString("payload_excerpt"));
        });
  }

  private static void writeEnvelopeFields(JsonGenerator g, EventEnvelope envelope)
      throws IOException {
    ModelWriter.uuidField(g, "message_id", envelope.messageId());
    ModelWriter.instantField(g, "timestamp", envelope.timestamp());
    ModelWriter.enumField(g, "priority", envelope.priority());
    g.writeStringField("tenant", envelope.tenant());
    writeTraceParent(g, envelope.traceparent());
    g.writeFieldName("event");
    EventWriter.write(g, envelope.event());
  }

  private static void writeTraceParent(JsonGenerator g, @Nullable String traceparent)
      throws IOException {
    if (traceparent != null) {
      g.writeStringField("traceparent", traceparent);
    }
  }

  /** A well-formed {@code traceparent}, else null: never a reason to refuse the message. */
  private static @Nullable String traceParent(JsonFields f) {
    return f.present("traceparent") instanceof String value ? TraceParent.parse(value) : null;
  }

  private static void writeHeartbeatHead(
      JsonGenerator g, String instanceId, Instant sentAt, long sentNanos) throws IOException {
    g.writeStartObject();
    g.writeStringField("instance_id", instanceId);
    ModelWriter.instantField(g, "sent_at", sentAt);
    g.writeNumberField("sent_nanos", sentNanos);
  }

  private static BusEnvelope envelope(JsonFields f, Instant now) {
    EventEnvelope envelope =
        new EventEnvelope(
            f.uuid("message_id"),
            f.required("seq", JsonValues::nonNegative),
            f.requiredInstant("timestamp"),
            f.required("priority", WireEnumReader.PRIORITY),
            f.requiredString("tenant"),
            f.object("event", new EventReader(now)::read),
            traceParent(f));
    return new BusEnvelope(f.requiredString("epoch"), envelope);
  }

  /** The {@code event} object's bytes; the reader already refused anything but an object. */
  private static EncodedEvent eventBytes(byte[] payload, int start, int end) {
    boolean object = start >= 0 && end > start && payload[start] == '{' && payload[end - 1] == '}';
    if (!object) {
      throw new JsonInputException("event", "expected a JSON object");
    }
    return new EncodedEvent(payload, start, end - start);
  }

  private static IngestBatch ingest(Object root, Instant now) {
    EventReader reader = new EventReader(now);
    if (root instanceof List<?> items) {
      return new IngestBatch(null, ProtocolCodec.eventList(items, "", reader), null, true);
    }
    JsonFields f = fields(root);
    if (!f.contains("events")) {
      JsonFields event = ProtocolCodec.eventFields(root, "");
      return new IngestBatch(null, List.of(ProtocolCodec.produced(event, reader)), null, false);
    }
    String tenant = f.nullable("tenant", JsonValues::string);
    List<ProducedEvent> events = f.required("events", eventsIn(reader));
    return new IngestBatch(tenant, events, traceParent(f), true);
  }

  private static JsonConverter<List<ProducedEvent>> eventsIn(EventReader reader) {
    return (value, path) -> {
      if (!(value instanceof List<?> items)) {
        throw JsonValues.wrongType(path, "an array", value);
      }
      return ProtocolCodec.eventList(items, path, reader);
    };
  }

  private static FieldError fieldError(JsonFields f) {
    return new FieldError(f.string("path"), f.requiredString("message"));
  }

  private static JsonFields fields(Object root) {
    if (!(root instanceof Map)) {
      throw JsonValues.wrongType("", "a JSON object", root);
    }
    return JsonFields.of(root, "");
  }
}
