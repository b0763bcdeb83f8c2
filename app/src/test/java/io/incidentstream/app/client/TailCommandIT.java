package io.incidentstream.app.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.app.JarProcess;
import io.incidentstream.domain.event.Escalated;
import io.incidentstream.domain.event.IncidentEvent;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.support.StreamFixtures;
import io.incidentstream.streaming.support.TestTokens;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar's {@code tail} command, as the README ("CLI: tail") runs it, against a running
 * server: it prints exactly the published events its filters select; a refused token exits 2.
 */
class TailCommandIT {

  private static final Pattern COMMAND =
      Pattern.compile("### CLI: `tail`\n.*?```sh\n(.*?)\n```", Pattern.DOTALL);
  private static final String README_PREFIX = "java -jar app/target/incident-stream.jar ";
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A short-lived command: the JIT's first tier is all it needs, and it starts faster. */
  private static final Map<String, String> QUICK_START =
      Map.of("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");

  private static EmbeddedServer server;

  @TempDir Path dir;

  @BeforeAll
  static void startServer() {
    server =
        ApplicationContext.run(
            EmbeddedServer.class,
            Map.of("micronaut.server.port", -1, "stream.security.jwt-secret", TestTokens.SECRET));
  }

  @AfterAll
  static void stopServer() {
    server.getApplicationContext().close();
  }

  @Test
  void shouldPrintThePublishedEventsItsFiltersSelectAsJson() throws Exception {
    Path tokenFile = dir.resolve("viewer.jwt");
    Files.writeString(tokenFile, TestTokens.viewer() + "\n");
    try (JarProcess tail = JarProcess.start(QUICK_START, readmeCommand(tokenFile))) {
      tail.awaitLine(line -> line.startsWith("tail: subscribed"));
      UUID incident = UUID.randomUUID();
      long p0 = publish(StreamFixtures.created(Severity.P0));
      publish(StreamFixtures.created(Severity.P3));
      publish(StreamFixtures.comment(incident));
      long p1 = publish(new Escalated(incident, Severity.P2, Severity.P1, "burning"));
      publish(new Escalated(incident, Severity.P3, Severity.P2, "not selected"));
      tail.awaitLine(line -> line.contains("\"seq\":" + p1 + ","));

      List<JsonNode> events = new ArrayList<>();
      for (String line : tail.lines()) {
        if (line.startsWith("{")) {
          events.add(JSON.readTree(line));
        }
      }
      assertThat(events).extracting(e -> e.path("seq").asLong()).containsExactly(p0, p1);
      assertThat(events)
          .extracting(e -> e.path("event").path("event_type").asText())
          .containsExactly("incident_created", "escalated");
      assertThat(events).allSatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("event"));
    }
  }

  @Test
  void shouldExitWith2AndTheServersReasonWhenTheTokenIsRefused() {
    try (JarProcess tail =
        JarProcess.start(QUICK_START, "tail", "--url", wsUrl(), "--token", "not-a-jwt")) {
      assertThat(tail.awaitExit()).isEqualTo(2);
      assertThat(tail.lines())
          .anyMatch(line -> line.startsWith("tail: closed: HTTP 401 from " + wsUrl()));
    }
  }

  /** The README's command with this server's URL and the token file, as arguments of the jar. */
  private static String[] readmeCommand(Path tokenFile) throws IOException {
    Matcher block = COMMAND.matcher(Files.readString(Path.of("..", "README.md")));
    assertThat(block.find()).as("README has a sh block under '### CLI: `tail`'").isTrue();
    String command = block.group(1).trim();
    assertThat(command).startsWith(README_PREFIX).contains("ws://localhost:8080/ws", "viewer.jwt");
    return Arrays.stream(
            command
                .substring(README_PREFIX.length())
                .replace("ws://localhost:8080/ws", wsUrl())
                .replace("viewer.jwt", tokenFile.toString())
                .split("\\s+"))
        .toArray(String[]::new);
  }

  private static String wsUrl() {
    return "ws://localhost:" + server.getPort() + "/ws";
  }

  private static long publish(IncidentEvent event) throws Exception {
    return server
        .getApplicationContext()
        .getBean(EventPublisher.class)
        .publish(event)
        .get(WAIT.toSeconds(), TimeUnit.SECONDS)
        .seq();
  }
}
