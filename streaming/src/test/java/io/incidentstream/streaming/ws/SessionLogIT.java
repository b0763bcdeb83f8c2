package io.incidentstream.streaming.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.incidentstream.streaming.support.WsTestClient;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** One INFO line when a session opens and one when it closes, saying what happened to whom. */
@MicronautTest
@Property(name = "stream.instance-id", value = "stream-log-test")
class SessionLogIT {

  @Inject EmbeddedServer server;

  private final Logger logger = (Logger) LoggerFactory.getLogger(SessionLog.class);
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();

  @BeforeEach
  void capture() {
    lines.start();
    logger.addAppender(lines);
  }

  @AfterEach
  void release() {
    logger.detachAppender(lines);
  }

  @Test
  void shouldLogOneInfoLineOnOpenAndOneOnCloseWithWhoAndWhy() {
    String sessionId;
    try (WsTestClient client = WsTestClient.connectAndAwaitWelcome(server.getURI())) {
      sessionId = client.frames().get(0).path("session_id").asText();
      client.close(4321, "done for today");
      assertThat(client.awaitClose()).isEqualTo(4321);
    }
    await().until(() -> lines.list.size() == 2);

    ILoggingEvent opened = lines.list.get(0);
    assertThat(opened.getLevel()).isEqualTo(Level.INFO);
    assertThat(fields(opened))
        .containsEntry("event", "session_opened")
        .containsEntry("session_id", sessionId)
        .containsEntry("instance_id", "stream-log-test")
        .containsKey("subject")
        .containsKey("remote_address");
    assertThat(opened.getFormattedMessage())
        .startsWith("session " + sessionId + " opened on stream-log-test");

    ILoggingEvent closed = lines.list.get(1);
    assertThat(closed.getLevel()).isEqualTo(Level.INFO);
    assertThat(fields(closed))
        .containsEntry("event", "session_closed")
        .containsEntry("session_id", sessionId)
        .containsEntry("close_code", "4321")
        .containsEntry("close_reason", "done for today")
        .containsKey("duration_ms");
    assertThat(closed.getFormattedMessage()).endsWith(": 4321 (done for today)");
  }

  private static Map<String, String> fields(ILoggingEvent event) {
    return event.getKeyValuePairs().stream()
        .collect(Collectors.toMap(kv -> kv.key, (KeyValuePair kv) -> String.valueOf(kv.value)));
  }
}
