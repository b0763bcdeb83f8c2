package io.incidentstream.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden document decodes and re-encodes to the same JSON tree (key order aside). */
class GoldenFilesTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final ProtocolCodec codec = new ProtocolCodec();
  private final ClusterCodec cluster = new ClusterCodec();

  static Stream<Path> clientFiles() throws IOException {
    return files("client");
  }

  static Stream<Path> serverFiles() throws IOException {
    return files("server");
  }

  static Stream<Path> eventFiles() throws IOException {
    return files("event");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("clientFiles")
  void shouldRoundTripClientMessage(Path file) throws IOException {
    assertRoundTrip(file, codec::decodeClient, codec::encode);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serverFiles")
  void shouldRoundTripServerMessage(Path file) throws IOException {
    assertRoundTrip(file, codec::decodeServer, codec::encode);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventFiles")
  void shouldRoundTripEvent(Path file) throws IOException {
    assertRoundTrip(file, codec::decodeEvent, codec::encodeEvent);
  }

  @Test
  void shouldRoundTripClusterEnvelope() throws IOException {
    assertRoundTrip(
        golden("cluster/envelope.json"), cluster::decodeEnvelope, cluster::encodeEnvelope);
  }

  @Test
  void shouldRoundTripClusterHeartbeat() throws IOException {
    assertRoundTrip(
        golden("cluster/heartbeat.json"), cluster::decodeHeartbeat, cluster::encodeHeartbeat);
  }

  @Test
  void shouldRoundTripIngestBatch() throws IOException {
    assertRoundTrip(golden("cluster/ingest.json"), cluster::decodeIngest, cluster::encodeIngest);
  }

  @Test
  void shouldRoundTripIngestRejection() throws IOException {
    assertRoundTrip(
        golden("cluster/ingest_rejection.json"),
        cluster::decodeIngestRejection,
        cluster::encodeIngestRejection);
  }

  @Test
  void shouldHaveOneGoldenPerMessageAndEventType() throws IOException {
    assertThat(names("client")).hasSize(5);
    assertThat(names("server"))
        .hasSize(8)
        .contains("subscribed.json", "subscribed_without_recovered.json");
    assertThat(names("event")).hasSize(14);
    assertThat(names("cluster"))
        .containsExactly("envelope.json", "heartbeat.json", "ingest.json", "ingest_rejection.json");
  }

  /** Decodes the file, re-encodes the value, and compares the two as JSON trees. */
  private static <T> void assertRoundTrip(
      Path file, Function<String, Decoded<T>> decoder, Function<T, byte[]> encoder)
      throws IOException {
    String json = Files.readString(file, StandardCharsets.UTF_8);

    Decoded<T> decoded = decoder.apply(json);

    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    JsonNode actual = MAPPER.readTree(encoder.apply(((Decoded.Ok<T>) decoded).value()));
    assertThat(actual).isEqualTo(MAPPER.readTree(json));
  }

  static Path golden(String name) throws IOException {
    URL url = Objects.requireNonNull(GoldenFilesTest.class.getResource("/protocol/" + name), name);
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }

  private static List<String> names(String dir) throws IOException {
    try (Stream<Path> files = files(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static Stream<Path> files(String dir) throws IOException {
    URL url = Objects.requireNonNull(GoldenFilesTest.class.getResource("/protocol/" + dir));
    try {
      return Files.list(Path.of(url.toURI())).filter(p -> p.toString().endsWith(".json")).sorted();
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
  }
}
