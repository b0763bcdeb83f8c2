package io.incidentstream.domain.protocol;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import java.util.List;

/**
 * Reads and writes the exact {@code /ws} wire format of DESIGN section 3 and the event JSON that
 * producers publish. Thread-safe and stateless: share one instance.
 *
 * <p>Decoders never throw on bad input: they return {@link Decoded.Failed} naming the offending
 * field or value. Unknown extra fields are ignored; absent optional values are written as {@code
 * null}; timestamps are RFC 3339 UTC with {@code Z}.
 *
 * <p>An {@code event} frame is encoded in two parts so that fan-out encodes each event once: a
 * shared {@linkplain #encodeEventFramePrefix prefix} with everything but the recipient's {@code
 * subscription_ids}, and a small per-recipient {@linkplain #encodeEventFrameSuffix suffix}.
 */
public final class ProtocolCodec {

  /** Deepest JSON nesting accepted in any input. */
  public static final int MAX_NESTING_DEPTH = 32;

  public ProtocolCodec() {}

  /** Decodes one client text frame. */
  public Decoded<ClientMessage> decodeClient(String text) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Decodes one server text frame (for clients, tests and tools). */
  public Decoded<ServerMessage> decodeServer(String text) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Encodes a server message as UTF-8 JSON text; an {@code Event} is prefix + suffix. */
  public byte[] encode(ServerMessage message) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Encodes a client message as UTF-8 JSON text (for clients, tests and tools). */
  public byte[] encode(ClientMessage message) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * The shared part of an {@code event} frame: {@code {"type":"event","message_id":…,"seq":…,
   * "event":{…},"timestamp":…,"priority":…,"subscription_ids":} — valid JSON once a suffix from
   * {@link #encodeEventFrameSuffix} follows it.
   */
  public byte[] encodeEventFramePrefix(EventEnvelope envelope) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** The per-recipient end of an {@code event} frame: {@code ["id-1","id-2"]}}. */
  public byte[] encodeEventFrameSuffix(List<String> subscriptionIds) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Decodes one event object (tagged {@code event_type}) as a producer publishes it. */
  public Decoded<IncidentEvent> decodeEvent(String json) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /**
   * Decodes a producer's body: one event object or a JSON array of them. All or nothing: any
   * invalid element fails the whole batch, with paths such as {@code [2].incident.severity}.
   */
  public Decoded<List<IncidentEvent>> decodeEvents(String json) {
    throw new UnsupportedOperationException("not implemented yet");
  }

  /** Encodes one event object, tagged {@code event_type}. */
  public byte[] encodeEvent(IncidentEvent event) {
    throw new UnsupportedOperationException("not implemented yet");
  }
}
