package io.incidentstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.ContextInitializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shipped {@code logback.xml}: with {@code LOG_FORMAT=json} every line, exceptions and odd
 * characters included, is one JSON object carrying the event's key-value pairs; without it, lines
 * stay plain text.
 */
class JsonLogsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
  private final PrintStream originalOut = System.out;

  @AfterEach
  void restoreLogging() throws Exception {
    System.setOut(originalOut);
    System.clearProperty("LOG_FORMAT");
    context.reset();
    new ContextInitializer(context).autoConfig();
  }

  @Test
  void shouldWriteEveryLineAsJsonWithLogFormatJson() throws Exception {
    List<String> lines = logWithShippedConfig("json");

    assertThat(lines).hasSize(2);
    List<JsonNode> events = new ArrayList<>();
    for (String line : lines) {
      events.add(JSON.readTree(line));
    }
    JsonNode opened = events.get(0);
    assertThat(opened.path("level").asText()).isEqualTo("INFO");
    assertThat(opened.path("loggerName").asText()).isEqualTo("io.incidentstream.test");
    assertThat(opened.path("formattedMessage").asText()).isEqualTo("session s-1 opened");
    assertThat(opened.path("kvpList").toString()).contains("\"session_id\":\"s-1\"");
    JsonNode failed = events.get(1);
    assertThat(failed.path("level").asText()).isEqualTo("WARN");
    assertThat(failed.path("formattedMessage").asText()).isEqualTo("a \"quoted\"\nfailure");
    assertThat(failed.path("throwable").path("message").asText()).isEqualTo("boom");
  }

  @Test
  void shouldWritePlainTextByDefault() throws Exception {
    List<String> lines = logWithShippedConfig(null);

    assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z INFO .*session s-1 opened");
  }

  private List<String> logWithShippedConfig(String format) throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    if (format != null) {
      System.setProperty("LOG_FORMAT", format);
    }
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(JsonLogsTest.class.getResource("/logback.xml"));

    Logger log = LoggerFactory.getLogger("io.incidentstream.test");
    log.atInfo().addKeyValue("session_id", "s-1").log("session {} opened", "s-1");
    log.warn("a \"quoted\"\nfailure", new IllegalStateException("boom"));
    context.stop();

    String out = captured.toString(StandardCharsets.UTF_8);
    return out.lines().filter(line -> !line.isBlank()).toList();
  }
}
