package io.incidentstream.domain.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.domain.event.IncidentEvent;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every golden document decodes and re-encodes to the same JSON tree (key order aside). */
class GoldenFilesTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final ProtocolCodec codec = new ProtocolCodec();

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
    String json = Files.readString(file, StandardCharsets.UTF_8);

    Decoded<ClientMessage> decoded = codec.decodeClient(json);

    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    ClientMessage message = ((Decoded.Ok<ClientMessage>) decoded).value();
    assertSameTree(codec.encode(message), json);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("serverFiles")
  void shouldRoundTripServerMessage(Path file) throws IOException {
    String json = Files.readString(file, StandardCharsets.UTF_8);

    Decoded<ServerMessage> decoded = codec.decodeServer(json);

    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    ServerMessage message = ((Decoded.Ok<ServerMessage>) decoded).value();
    assertSameTree(codec.encode(message), json);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventFiles")
  void shouldRoundTripEvent(Path file) throws IOException {
    String json = Files.readString(file, StandardCharsets.UTF_8);

    Decoded<IncidentEvent> decoded = codec.decodeEvent(json);

    assertThat(decoded).isInstanceOf(Decoded.Ok.class);
    assertSameTree(codec.encodeEvent(((Decoded.Ok<IncidentEvent>) decoded).value()), json);
  }

  @Test
  void shouldHaveOneGoldenPerMessageAndEventType() throws IOException {
    assertThat(names("client")).hasSize(5);
    assertThat(names("server"))
        .hasSize(8)
        .contains("subscribed.json", "subscribed_without_recovered.json");
    assertThat(names("event")).hasSize(14);
  }

  private static void assertSameTree(byte[] encoded, String expected) throws IOException {
    JsonNode actual = MAPPER.readTree(encoded);
    assertThat(actual).isEqualTo(MAPPER.readTree(expected));
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
