package io.incidentstream.domain.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.incidentstream.domain.model.Priority;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the stream accepts as a W3C {@code traceparent}, at and past each rule of the format. */
class TraceParentTest {

  private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void shouldAcceptAVersion00Value() {
    assertThat(VALID).hasSize(TraceParent.LENGTH);
    assertThat(TraceParent.parse(VALID)).isEqualTo(VALID);
    assertThat(TraceParent.isValid(VALID)).isTrue();
    assertThat(TraceParent.parse(VALID.replace("-01", "-00"))).endsWith("-00");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0", // one short
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-011", // version 00, one long
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01", // upper case
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // zero parent id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // forbidden version
        "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // separator
        "00-4bf92f3577b34da6a3ce929d0e0e473g-00f067aa0ba902b7-01" // not hex
      })
  void shouldIgnoreAMalformedValue(String value) {
    assertThat(TraceParent.parse(value)).isNull();
    assertThat(TraceParent.isValid(value)).isFalse();
  }

  @Test
  void shouldKeepTheKnownFieldsOfAFutureVersion() {
    assertThat(TraceParent.parse("01" + VALID.substring(2) + "-extra"))
        .isEqualTo("01" + VALID.substring(2));
    assertThat(TraceParent.parse("01" + VALID.substring(2) + "extra")).isNull();
    assertThat(TraceParent.parse(null)).isNull();
  }

  @Test
  void shouldRefuseAMalformedValueInAnEnvelope() {
    SystemEvent event = new SystemEvent("deploy", "m", Map.of());
    UUID id = UUID.randomUUID();
    Instant now = Instant.now();

    assertThat(EventEnvelope.wrap(id, 1, now, "acme", event, VALID).traceparent()).isEqualTo(VALID);
    assertThat(new EventEnvelope(id, 1, now, Priority.NORMAL, "acme", event).traceparent())
        .isNull();
    assertThatThrownBy(() -> EventEnvelope.wrap(id, 1, now, "acme", event, "00-nope"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("traceparent");
  }
}
