package io.incidentstream.perf.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.domain.protocol.ServerMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StampTest {

  private static final ProtocolCodec CODEC = new ProtocolCodec();

  @Test
  void shouldPublishValidEventsCarryingTheTeamAndTheStamp() {
    EventTemplates templates = new EventTemplates();

    for (int type = 0; type < FilterMix.EVENT_TYPES.size(); type++) {
      for (int severity = 0; severity < FilterMix.SEVERITIES.size(); severity++) {
        String json = templates.render(type, severity, 17, 123_456, 987_654_321L);
        Decoded<IncidentEvent> decoded = CODEC.decodeEvent(json);

        assertThat(decoded).as(json).isInstanceOf(Decoded.Ok.class);
        IncidentEvent event = ((Decoded.Ok<IncidentEvent>) decoded).value();
        assertThat(event.type()).isEqualTo(FilterMix.EVENT_TYPES.get(type));
        assertThat(event.filterSeverity()).isEqualTo(FilterMix.SEVERITIES.get(severity));
        assertThat(event.filterLabels())
            .containsEntry(FilterMix.TEAM_LABEL, "team-17")
            .containsEntry(Stamp.LABEL, "~17~123456~987654321");
      }
    }
  }

  @Test
  void shouldReadTheStampOutOfTheFrameTheServerSends() {
    String json = new EventTemplates().render(0, 2, 41, 9_001, 55_000_000_123L);
    IncidentEvent event = ((Decoded.Ok<IncidentEvent>) CODEC.decodeEvent(json)).value();
    EventEnvelope envelope =
        EventEnvelope.wrap(UUID.randomUUID(), 77, Instant.now(), "default", event);
    ByteBuf frame =
        Unpooled.wrappedBuffer(CODEC.encode(new ServerMessage.Event(envelope, List.of("load"))));
    int readerIndex = frame.readerIndex();
    Stamp stamp = new Stamp();

    assertThat(stamp.read(frame)).isTrue();
    assertThat(stamp.group()).isEqualTo(41);
    assertThat(stamp.seq()).isEqualTo(9_001);
    assertThat(stamp.sentNanos()).isEqualTo(55_000_000_123L);
    assertThat(frame.readerIndex()).isEqualTo(readerIndex);
  }

  @Test
  void shouldRejectFramesWithoutAWholeStamp() {
    Stamp stamp = new Stamp();

    assertThat(stamp.read(ascii("{\"type\":\"event\",\"labels\":{}}"))).isFalse();
    assertThat(stamp.read(ascii("\"lg_stamp\":\"~12~\""))).isFalse();
    assertThat(stamp.read(ascii("\"lg_stamp\":\"~12~5~\""))).isFalse();
    assertThat(stamp.read(ascii("\"lg_stamp\":\"~x~5~6\""))).isFalse();
    assertThat(stamp.read(ascii("\"lg_stamp\":\"~12~5~6\""))).isTrue();
  }

  private static ByteBuf ascii(String text) {
    return Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.US_ASCII));
  }
}
