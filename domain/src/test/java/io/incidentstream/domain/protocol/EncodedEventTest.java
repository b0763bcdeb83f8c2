package io.incidentstream.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.event.SystemEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An envelope decoded from the bus's bytes keeps its event's JSON, and an event frame prefix
 * written with those bytes is byte for byte the prefix written by encoding the event: what a client
 * of any instance receives does not depend on where the event was sequenced. Bad bytes are a {@link
 * Decoded.Failed}, never an exception and never an {@link EncodedEvent}.
 */
class EncodedEventTest {

  private static final String EPOCH = "00c0ffee00c0ffee:41800";
  private static final Instant T = Instant.parse("2026-11-25T17:04:09.512Z");
  private static final UUID ID = UUID.fromString("d4c3b2a1-9f8e-4d7c-8b6a-5f4e3d2c1b0a");
  private static final String TRACEPARENT =
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  private final ClusterCodec cluster = new ClusterCodec();
  private final ProtocolCodec protocol = new ProtocolCodec();

  static Stream<Path> eventFiles() throws IOException {
    return GoldenFilesTest.eventFiles();
  }

  @ParameterizedTest
  @MethodSource("eventFiles")
  void shouldWriteTheSameFramePrefixFromTheBusBytesAsFromTheEvent(Path file) throws IOException {
    IncidentEvent event = ok(protocol.decodeEvent(Files.readString(file)));

    assertSameFrameEitherWay(EventEnvelope.wrap(ID, 41_828, T, "acme", event));
  }

  @Test
  void shouldKeepEscapesAndNonAsciiTextByteForByte() {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("zeta \"q\"", "tab\there");
    metadata.put("ключ", "значение ✓ 🚨");
    metadata.put("alpha\\", "line\nbreak \u0001 \u2028 </script>");
    IncidentEvent event =
        new SystemEvent(
            "deploy/\"prod\"", "checkout \"v2\" é 日本語 😀 \\ \b\f\r\u007f end", metadata);
    EventEnvelope envelope = EventEnvelope.wrap(ID, 7, T, "tenant-ü", event, TRACEPARENT);

    byte[] prefix = assertSameFrameEitherWay(envelope);

    assertThat(new String(prefix, StandardCharsets.UTF_8)).contains("\\u0001", "\\\"v2\\\"");
  }

  @ParameterizedTest
  @ValueSource(ints = {7_000, 8_000, 8_200, 100_000})
  void shouldCopyAnEventLargerThanTheWritersBuffer(int size) {
    IncidentEvent event = new SystemEvent("deploy", "é".repeat(size / 2), Map.of());

    assertSameFrameEitherWay(EventEnvelope.wrap(ID, 3, T, "acme", event));
  }

  @Test
  void shouldDecodeFromBytesWhatItDecodesFromText() throws IOException {
    byte[] payload = Files.readAllBytes(GoldenFilesTest.golden("cluster/envelope.json"));

    BusEnvelope fromBytes = ok(cluster.decodeEnvelope(payload));

    assertThat(fromBytes)
        .isEqualTo(ok(cluster.decodeEnvelope(new String(payload, StandardCharsets.UTF_8))));
    assertThat(fromBytes.encodedEvent()).isNotNull();
    assertThat(
            ok(cluster.decodeEnvelope(new String(payload, StandardCharsets.UTF_8))).encodedEvent())
        .isNull();
  }

  @Test
  void shouldNeverThrowOnAnyTruncationOfTheBytes() {
    byte[] payload = busPayload(envelope("truncated é 😀"));

    for (int end = 0; end < payload.length; end++) {
      byte[] cut = java.util.Arrays.copyOf(payload, end);
      assertThat(cluster.decodeEnvelope(cut))
          .as("first %d bytes", end)
          .isInstanceOf(Decoded.Failed.class);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"c0af", "eda080", "f4908080", "80", "ff", "e282", "00"})
  void shouldRefuseBytesThatAreNotUtf8Text(String hex) {
    byte[] payload = busPayload(envelope("MARK"));
    String text = new String(payload, StandardCharsets.UTF_8);
    int at = text.indexOf("MARK");
    ByteArrayOutputStream bad = new ByteArrayOutputStream();
    bad.write(payload, 0, at);
    bad.writeBytes(HexFormat.of().parseHex(hex));
    bad.write(payload, at + 4, payload.length - at - 4);

    assertThat(failure(cluster.decodeEnvelope(bad.toByteArray())))
        .isEqualTo("not UTF-8 JSON text (invalid byte at offset " + at + ")");
  }

  @Test
  void shouldRefuseAnEnvelopeInUtf16() {
    String text = new String(busPayload(envelope("x")), StandardCharsets.UTF_8);

    assertThat(failure(cluster.decodeEnvelope(text.getBytes(StandardCharsets.UTF_16LE))))
        .startsWith("not UTF-8 JSON text");
    assertThat(failure(cluster.decodeEnvelope(text.getBytes(StandardCharsets.UTF_16))))
        .startsWith("not UTF-8 JSON text");
  }

  @ParameterizedTest
  @ValueSource(strings = {"[1,2]", "\"text\"", "null", "42", "true"})
  void shouldRefuseAnEnvelopeWhoseEventIsNotAnObject(String notAnObject) {
    String text = new String(busPayload(envelope("x")), StandardCharsets.UTF_8);
    int start = text.indexOf("\"event\":") + "\"event\":".length();
    String bad = text.substring(0, start) + notAnObject + "}";

    assertThat(failure(cluster.decodeEnvelope(bad.getBytes(StandardCharsets.UTF_8))))
        .startsWith("event: ");
  }

  @Test
  void shouldRefuseTrailingContentAndASecondEvent() {
    String text = new String(busPayload(envelope("x")), StandardCharsets.UTF_8);
    String event = text.substring(text.indexOf("\"event\":") + 8, text.length() - 1);
    String twice = text.substring(0, text.length() - 1) + ",\"event\":" + event + "}";

    assertThat(failure(cluster.decodeEnvelope((text + "{}").getBytes(StandardCharsets.UTF_8))))
        .contains("trailing content");
    assertThat(failure(cluster.decodeEnvelope(twice.getBytes(StandardCharsets.UTF_8))))
        .contains("Duplicate field 'event'");
    assertThat(failure(cluster.decodeEnvelope(new byte[0]))).startsWith("not valid JSON");
  }

  @Test
  void shouldCompareByContent() {
    byte[] one = busPayload(envelope("x"));
    byte[] two = ("  " + new String(one, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);

    EncodedEvent a = ok(cluster.decodeEnvelope(one)).encodedEvent();
    EncodedEvent b = ok(cluster.decodeEnvelope(two)).encodedEvent();

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.toByteArray()).isEqualTo(protocol.encodeEvent(envelope("x").event()));
  }

  /** Sends {@code envelope} over the "bus" and checks both prefixes; returns the prefix. */
  private byte[] assertSameFrameEitherWay(EventEnvelope envelope) {
    BusEnvelope received = ok(cluster.decodeEnvelope(busPayload(envelope)));
    EncodedEvent encoded = received.encodedEvent();

    assertThat(encoded).isNotNull();
    assertThat(encoded.toByteArray()).isEqualTo(protocol.encodeEvent(envelope.event()));
    byte[] embedded = protocol.encodeEventFramePrefix(envelope);
    byte[] fromBus = protocol.encodeEventFramePrefix(received.envelope(), encoded);
    assertThat(fromBus).isEqualTo(embedded);
    assertThat(protocol.encodeEventFramePrefix(received.envelope())).isEqualTo(embedded);
    return fromBus;
  }

  /** The payload as the sequencing script publishes it: its head, then Java's tail. */
  private byte[] busPayload(EventEnvelope envelope) {
    String head = "{\"epoch\":\"" + EPOCH + "\",\"seq\":" + envelope.seq();
    byte[] tail = cluster.encodeEnvelopeTail(envelope);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(tail);
    return out.toByteArray();
  }

  private static EventEnvelope envelope(String message) {
    return EventEnvelope.wrap(ID, 5, T, "acme", new SystemEvent("deploy", message, Map.of()));
  }

  private static <T> T ok(Decoded<T> decoded) {
    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    return ((Decoded.Ok<T>) decoded).value();
  }

  private static String failure(Decoded<?> decoded) {
    assertThat(decoded).isInstanceOf(Decoded.Failed.class);
    return ((Decoded.Failed<?>) decoded).describe();
  }
}
