package io.incidentstream.domain.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.json.EventReader;
import io.incidentstream.domain.json.EventWriter;
import io.incidentstream.domain.json.JsonFields;
import io.incidentstream.domain.json.JsonInputException;
import io.incidentstream.domain.json.JsonOutput;
import io.incidentstream.domain.json.JsonStrings;
import io.incidentstream.domain.json.JsonTree;
import io.incidentstream.domain.json.JsonValues;
import io.incidentstream.domain.json.Utf8;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the exact {@code /ws} wire format of DESIGN section 3 and the event JSON that
 * producers publish. Thread-safe and stateless: share one instance.
 *
 * <p>Decoders never throw on bad input: they return {@link Decoded.Failed} naming the offending
 * field or value. Unknown extra fields are ignored; absent optional values are written as {@code
 * null}; timestamps are RFC 3339 UTC with {@code Z}. What producers may omit from an event is
 * described on {@link EventReader}.
 *
 * <p>An {@code event} frame is encoded in two parts so that fan-out encodes each event once: a
 * shared {@linkplain #encodeEventFramePrefix prefix} with everything but the recipient's {@code
 * subscription_ids}, and a small per-recipient {@linkplain #encodeEventFrameSuffix suffix}.
 */
public final class ProtocolCodec {

  /** Deepest JSON nesting accepted in any input. */
  public static final int MAX_NESTING_DEPTH = 32;

  /**
   * Deepest nesting of one event a producer may send, the event object itself counting 1: two
   * levels less than {@link #MAX_NESTING_DEPTH}, so that every accepted event still fits, within
   * that limit, in each form it travels in afterwards: the cluster envelope and the {@code event}
   * frame (one level around it) and the ingest batch form (two).
   */
  public static final int MAX_EVENT_DEPTH = MAX_NESTING_DEPTH - 2;

  /** Most events accepted in one {@link #decodeEvents} body. */
  public static final int MAX_BATCH_SIZE = 1000;

  // Jackson factories are thread-safe and cache symbol tables: one for the whole process.
  static final JsonFactory FACTORY = JsonOutput.newFactory(MAX_NESTING_DEPTH);

  private final Clock clock;

  public ProtocolCodec() {
    this(Clock.systemUTC());
  }

  /**
   * @param clock supplies the time that stands in for timestamps a producer left out
   */
  public ProtocolCodec(Clock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Decodes one client text frame. */
  public Decoded<ClientMessage> decodeClient(String text) {
    return decode(text, (root, now) -> ClientMessages.read(message(root)));
  }

  /** Decodes one server text frame (for clients, tests and tools). */
  public Decoded<ServerMessage> decodeServer(String text) {
    return decode(text, (root, now) -> ServerMessages.read(message(root), now));
  }

  /** Encodes a server message as UTF-8 JSON text; an {@code Event} is prefix + suffix. */
  public byte[] encode(ServerMessage message) {
    Objects.requireNonNull(message, "message");
    if (message instanceof ServerMessage.Event event) {
      return concat(
          encodeEventFramePrefix(event.envelope()),
          encodeEventFrameSuffix(event.subscriptionIds()));
    }
    return JsonOutput.write(FACTORY, g -> ServerMessages.write(g, message));
  }

  /** Encodes a client message as UTF-8 JSON text (for clients, tests and tools). */
  public byte[] encode(ClientMessage message) {
    Objects.requireNonNull(message, "message");
    return JsonOutput.write(FACTORY, g -> ClientMessages.write(g, message));
  }

  /**
   * The shared part of an {@code event} frame: {@code {"type":"event","message_id":…,"seq":…,
   * "event":{…},"timestamp":…,"priority":…,"subscription_ids":} — valid JSON once a suffix from
   * {@link #encodeEventFrameSuffix} follows it.
   */
  public byte[] encodeEventFramePrefix(EventEnvelope envelope) {
    Objects.requireNonNull(envelope, "envelope");
    return JsonOutput.write(FACTORY, g -> ServerMessages.writeEventPrefix(g, envelope));
  }

  /**
   * Like {@link #encodeEventFramePrefix(EventEnvelope)}, with the {@code event} object copied from
   * {@code encoded} (the same bytes the event writer produced where the event was sequenced)
   * instead of encoding {@code envelope.event()} again; without {@code encoded}, the same as the
   * one-argument form. Either way the bytes are the same.
   */
  public byte[] encodeEventFramePrefix(EventEnvelope envelope, @Nullable EncodedEvent encoded) {
    Objects.requireNonNull(envelope, "envelope");
    if (encoded == null) {
      return encodeEventFramePrefix(envelope);
    }
    RawJsonValue event = new RawJsonValue(encoded);
    return JsonOutput.write(FACTORY, g -> ServerMessages.writeEventPrefix(g, envelope, event));
  }

  /** The per-recipient end of an {@code event} frame: {@code ["id-1","id-2"]}}. */
  public byte[] encodeEventFrameSuffix(List<String> subscriptionIds) {
    Objects.requireNonNull(subscriptionIds, "subscriptionIds");
    return JsonStrings.stringArray(subscriptionIds, '}');
  }

  /** Decodes one event object (tagged {@code event_type}) as a producer publishes it. */
  public Decoded<IncidentEvent> decodeEvent(String json) {
    return decode(json, (root, now) -> new EventReader(now).read(JsonFields.of(root, "")));
  }

  /**
   * Decodes a producer's body: one event object or a JSON array of them. All or nothing: any
   * invalid element fails the whole batch, with paths such as {@code [2].incident.severity}. An
   * empty array and one of more than {@value #MAX_BATCH_SIZE} events are rejected.
   */
  public Decoded<List<IncidentEvent>> decodeEvents(String json) {
    return decode(json, (root, now) -> events(produced(root, now)));
  }

  /**
   * Like {@link #decodeEvents}, keeping each event's optional producer {@code message_id} (a uuid,
   * top-level beside {@code event_type}), which makes publishing idempotent.
   */
  public Decoded<List<ProducedEvent>> decodeProduced(String json) {
    return decode(json, ProtocolCodec::produced);
  }

  /** Encodes one event object, tagged {@code event_type}. */
  public byte[] encodeEvent(IncidentEvent event) {
    Objects.requireNonNull(event, "event");
    return JsonOutput.write(FACTORY, g -> EventWriter.write(g, event));
  }

  private static List<ProducedEvent> produced(Object root, Instant now) {
    EventReader reader = new EventReader(now);
    if (!(root instanceof List<?> items)) {
      return List.of(produced(eventFields(root, ""), reader));
    }
    return eventList(items, "", reader);
  }

  private static List<IncidentEvent> events(List<ProducedEvent> produced) {
    return produced.stream().map(ProducedEvent::event).toList();
  }

  /** One event object with its optional producer {@code message_id}. */
  static ProducedEvent produced(JsonFields f, EventReader reader) {
    return new ProducedEvent(reader.read(f), f.nullableUuid("message_id"));
  }

  /**
   * The elements of a producer's batch, all or nothing, each read at {@code path[i]}; rejects an
   * empty batch and one of more than {@value #MAX_BATCH_SIZE} events.
   */
  static List<ProducedEvent> eventList(List<?> items, String path, EventReader reader) {
    if (items.isEmpty()) {
      throw new JsonInputException(path, "no events");
    }
    if (items.size() > MAX_BATCH_SIZE) {
      throw new JsonInputException(
          path,
          "batch of "
              + items.size()
              + " events exceeds the limit of "
              + MAX_BATCH_SIZE
              + " events");
    }
    List<ProducedEvent> events = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      events.add(produced(eventFields(items.get(i), path + "[" + i + "]"), reader));
    }
    return Collections.unmodifiableList(events);
  }

  /** One event object of a producer's input, refused when it nests too deeply to travel on. */
  static JsonFields eventFields(Object value, String path) {
    int depth = JsonTree.depth(value);
    if (depth > MAX_EVENT_DEPTH) {
      throw new JsonInputException(
          path,
          "an event nested "
              + depth
              + " levels deep exceeds the limit of "
              + MAX_EVENT_DEPTH
              + " levels");
    }
    return JsonFields.of(value, path);
  }

  private static JsonFields message(Object root) {
    if (!(root instanceof Map)) {
      throw new JsonInputException("", "expected a JSON object, got " + JsonValues.describe(root));
    }
    return JsonFields.of(root, "");
  }

  private <T> Decoded<T> decode(String text, BiFunction<Object, Instant, T> reader) {
    return decode(text, clock, reader);
  }

  // The one place untrusted input is turned into values: nothing escapes as an exception.
  static <T> Decoded<T> decode(
      @Nullable String text, Clock clock, BiFunction<Object, Instant, T> reader) {
    try {
      Object root = JsonTree.parse(FACTORY, text, MAX_NESTING_DEPTH);
      return Decoded.ok(reader.apply(root, clock.instant()));
    } catch (JsonInputException e) {
      return Decoded.failed(e.path(), e.reason());
    } catch (RuntimeException e) {
      return Decoded.failed("", "could not be decoded (" + e.getClass().getSimpleName() + ")");
    }
  }

  /**
   * Reads the top-level object's field {@code spanned} with its byte range; see {@link #decode}.
   */
  interface SpannedReader<T> {
    T read(Object root, int spanStart, int spanEnd, Instant now);
  }

  /**
   * {@link #decode(String, Clock, BiFunction)} for UTF-8 bytes: bytes that are not well-formed
   * UTF-8 (or hold a NUL) are refused before any parsing.
   */
  static <T> Decoded<T> decode(byte[] utf8, String spanned, Clock clock, SpannedReader<T> reader) {
    try {
      int invalid = Utf8.firstInvalid(utf8, 0, utf8.length);
      if (invalid >= 0) {
        return Decoded.failed("", "not UTF-8 JSON text (invalid byte at offset " + invalid + ")");
      }
      if (utf8.length == 0) {
        return Decoded.failed("", "not valid JSON (no content)");
      }
      JsonTree.Spanned parsed = JsonTree.parse(FACTORY, utf8, MAX_NESTING_DEPTH, spanned);
      return Decoded.ok(
          reader.read(parsed.root(), parsed.spanStart(), parsed.spanEnd(), clock.instant()));
    } catch (JsonInputException e) {
      return Decoded.failed(e.path(), e.reason());
    } catch (RuntimeException e) {
      return Decoded.failed("", "could not be decoded (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static byte[] concat(byte[] prefix, byte[] suffix) {
    byte[] frame = new byte[prefix.length + suffix.length];
    System.arraycopy(prefix, 0, frame, 0, prefix.length);
    System.arraycopy(suffix, 0, frame, prefix.length, suffix.length);
    return frame;
  }
}
