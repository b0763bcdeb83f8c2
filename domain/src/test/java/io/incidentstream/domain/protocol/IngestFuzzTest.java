package io.incidentstream.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.ProducedEvent;
import io.incidentstream.domain.support.FuzzTally;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * Fuzzes the ingest decoder, {@link ClusterCodec#decodeIngest}: the body of {@code POST
 * /api/v1/events} ({@code IngestController} hands it the body as text) and a message on the Redis
 * ingest channel ({@code IngestChannel} hands it the published bytes as UTF-8 text, within {@code
 * stream.cluster.ingest-max-size}). Every input decodes into a batch of 1 to 1000 events that
 * survives encode and decode and whose events can be delivered (the cluster envelope and the
 * client's {@code event} frame read them back), or is rejected with field-level reasons, which the
 * channel's rejection report ({@link IngestRejection}) carries back to the producer intact.
 */
class IngestFuzzTest {

  private static final Instant NOW = Instant.parse("2026-11-25T17:00:00Z");
  private static final ClusterCodec CODEC = new ClusterCodec(Clock.fixed(NOW, ZoneOffset.UTC));
  private static final ProtocolCodec FRAMES = new ProtocolCodec(Clock.fixed(NOW, ZoneOffset.UTC));
  private static final UUID MESSAGE_ID = UUID.fromString("d4c3b2a1-9f8e-4d7c-8b6a-5f4e3d2c1b0a");

  private static final FuzzTally TALLY =
      new FuzzTally(
          "12-fuzz-ingest",
          "Fuzzing: the ingest decoder (HTTP body and Redis ingest channel)",
          "`ClusterCodec.decodeIngest`, the one decoder of the body of `POST /api/v1/events` and of"
              + " a message on the Redis ingest channel (one event, an array, or"
              + " `{\"tenant\",\"traceparent\",\"events\"}`)",
          "decodes into 1 to 1000 events (then encode and decode give the same batch, and each"
              + " event reads back from the cluster envelope and from the client `event` frame), or is"
              + " rejected (`400 INVALID_EVENT` over HTTP, an `INVALID_EVENT` report on the"
              + " ingest-errors channel) with field-level reasons, and that report survives its own"
              + " encode and decode, within 12 x input + 4 KB; nothing thrown",
          "src/test/resources/io/incidentstream/domain/protocol/IngestFuzzTestInputs");

  @FuzzTest(maxDuration = "30s")
  void decodeIngest(byte[] body) {
    TALLY.input(body.length);
    try {
      check(body);
    } catch (Throwable t) {
      TALLY.finding(t);
      throw t;
    }
  }

  private static void check(byte[] body) {
    String payload = new String(body, StandardCharsets.UTF_8);
    Decoded<IngestBatch> decoded = CODEC.decodeIngest(payload);
    if (decoded instanceof Decoded.Failed<IngestBatch> failed) {
      TALLY.rejected("INVALID_EVENT", failed);
      checkReport(body, payload, failed);
      return;
    }
    IngestBatch batch = ((Decoded.Ok<IngestBatch>) decoded).value();
    TALLY.outcome(
        batch.list()
            ? (batch.tenant() != null ? "decoded: tenant batch" : "decoded: array")
            : "decoded: one event");
    assertThat(batch.events()).isNotEmpty().hasSizeLessThanOrEqualTo(ProtocolCodec.MAX_BATCH_SIZE);
    byte[] encoded = CODEC.encodeIngest(batch);
    Decoded<IngestBatch> again = CODEC.decodeIngest(new String(encoded, StandardCharsets.UTF_8));
    assertThat(again).isInstanceOf(Decoded.Ok.class);
    IngestBatch back = ((Decoded.Ok<IngestBatch>) again).value();
    assertThat(back.events()).isEqualTo(batch.events());
    assertThat(back.tenant()).isEqualTo(batch.tenant());
    assertThat(back.traceparent()).isEqualTo(batch.traceparent());
    for (ProducedEvent produced : batch.events()) {
      checkDeliverable(produced.event());
    }
  }

  /**
   * An accepted event travels on: in the cluster envelope, which every instance decodes, and in the
   * {@code event} frame, which clients decode. Both must read it back.
   */
  private static void checkDeliverable(IncidentEvent event) {
    EventEnvelope envelope =
        EventEnvelope.wrap(MESSAGE_ID, 42, NOW, EventEnvelope.DEFAULT_TENANT, event);
    BusEnvelope bus = new BusEnvelope("9f2c1e7a4b3d5f60:0", envelope);
    assertThat(CODEC.decodeEnvelope(CODEC.encodeEnvelope(bus))).isEqualTo(Decoded.ok(bus));
    ServerMessage frame = new ServerMessage.Event(envelope, List.of("s-1"));
    String text = new String(FRAMES.encode(frame), StandardCharsets.UTF_8);
    assertThat(FRAMES.decodeServer(text)).isEqualTo(Decoded.ok(frame));
  }

  /** The report the ingest channel publishes for a rejected message, as it builds it. */
  private static void checkReport(byte[] body, String payload, Decoded.Failed<IngestBatch> failed) {
    IngestRejection rejection =
        new IngestRejection(
            "INVALID_EVENT",
            "Invalid event: " + failed.describe(),
            failed.errors(),
            "fuzz-1",
            NOW,
            body.length,
            "0".repeat(64),
            IngestRejection.excerpt(payload));
    byte[] report = CODEC.encodeIngestRejection(rejection);
    // Each input character may be echoed twice (message and errors), JSON-escaped to at most 6
    // bytes (a control character); the excerpt and the parser's detail are capped on their own.
    assertThat(report.length).isLessThanOrEqualTo(12 * body.length + 4096);
    assertThat(CODEC.decodeIngestRejection(new String(report, StandardCharsets.UTF_8)))
        .isEqualTo(Decoded.ok(rejection));
  }

  @AfterAll
  static void report() {
    TALLY.write();
  }
}
