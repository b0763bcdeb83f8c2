package io.incidentstream.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.support.FuzzTally;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes what another instance puts on the cluster bus, as {@code BusReceiver} reads it: an event
 * envelope from its bytes ({@link ClusterCodec#decodeEnvelope(byte[])}, which keeps the {@code
 * event} object's bytes for fan-out) and a heartbeat from the same bytes as text ({@link
 * ClusterCodec#decodeHeartbeat}). Every input decodes or is rejected with field-level reasons (the
 * receiver then drops it as {@code invalid}); a decoded envelope's kept bytes are exactly its
 * event, and envelopes and heartbeats survive encode and decode.
 */
class ClusterEnvelopeFuzzTest {

  private static final ClusterCodec CODEC =
      new ClusterCodec(Clock.fixed(Instant.parse("2026-11-25T17:00:00Z"), ZoneOffset.UTC));
  private static final ProtocolCodec EVENTS =
      new ProtocolCodec(Clock.fixed(Instant.parse("2026-11-25T17:00:00Z"), ZoneOffset.UTC));

  private static final FuzzTally TALLY =
      new FuzzTally(
          "13-fuzz-cluster",
          "Fuzzing: the cluster bus envelope and heartbeat",
          "`ClusterCodec.decodeEnvelope(byte[])` (bytes another instance published on the events"
              + " channel or kept in the history stream) and `ClusterCodec.decodeHeartbeat` (the"
              + " same bytes as text, as on the heartbeat channel); each input goes through both",
          "decodes (the envelope's kept `event` bytes lie inside the input and decode to the"
              + " envelope's event; envelope and heartbeat survive encode and decode), or is"
              + " rejected with field-level reasons (dropped as `invalid`); nothing thrown",
          "src/test/resources/io/incidentstream/domain/protocol/ClusterEnvelopeFuzzTestInputs");

  @FuzzTest(maxDuration = "30s")
  void decodeBusMessage(byte[] payload) {
    TALLY.input(payload.length);
    try {
      checkEnvelope(payload.clone());
      checkHeartbeat(payload);
    } catch (Throwable t) {
      TALLY.finding(t);
      throw t;
    }
  }

  private static void checkEnvelope(byte[] payload) {
    Decoded<BusEnvelope> decoded = CODEC.decodeEnvelope(payload);
    if (decoded instanceof Decoded.Failed<BusEnvelope> failed) {
      TALLY.rejected("envelope invalid", failed);
      return;
    }
    BusEnvelope bus = ((Decoded.Ok<BusEnvelope>) decoded).value();
    TALLY.outcome("envelope decoded");
    EncodedEvent kept = bus.encodedEvent();
    assertThat(kept).isNotNull();
    assertThat(kept.array()).isSameAs(payload);
    assertThat(kept.offset() + kept.length()).isLessThanOrEqualTo(payload.length);
    String eventJson = new String(kept.toByteArray(), StandardCharsets.UTF_8);
    assertThat(EVENTS.decodeEvent(eventJson))
        .isEqualTo(Decoded.<IncidentEvent>ok(bus.envelope().event()));
    byte[] encoded = CODEC.encodeEnvelope(bus);
    assertThat(CODEC.decodeEnvelope(encoded)).isEqualTo(Decoded.ok(bus));
  }

  private static void checkHeartbeat(byte[] payload) {
    Decoded<BusHeartbeat> decoded =
        CODEC.decodeHeartbeat(new String(payload, StandardCharsets.UTF_8));
    if (decoded instanceof Decoded.Failed<BusHeartbeat> failed) {
      TALLY.rejected("heartbeat invalid", failed);
      return;
    }
    BusHeartbeat heartbeat = ((Decoded.Ok<BusHeartbeat>) decoded).value();
    TALLY.outcome("heartbeat decoded");
    byte[] encoded = CODEC.encodeHeartbeat(heartbeat);
    assertThat(CODEC.decodeHeartbeat(new String(encoded, StandardCharsets.UTF_8)))
        .isEqualTo(Decoded.ok(heartbeat));
  }

  @AfterAll
  static void report() {
    TALLY.write();
  }
}
