package io.incidentstream.streaming.security.internal;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AuthFailureLogTest {

  private final Logger logger = (Logger) LoggerFactory.getLogger("io.incidentstream.security");
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
  void shouldLogOneLinePerAddressPerIntervalWithTheAddressAndTheReason() {
    AuthFailureLog log = new AuthFailureLog();

    log.refused("10.0.0.7", "/ws handshake", 401, "invalid token: Expired JWT");
    log.refused("10.0.0.7", "/ws handshake", 401, "invalid token: Expired JWT");
    log.refused("10.0.0.7", "GET /api/v1/cluster/members", 403, "lacks the admin role");
    log.refused("10.0.0.8", "/ws handshake", 401, "missing token");

    assertThat(lines.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "/ws handshake from 10.0.0.7 refused with 401: invalid token: Expired JWT",
            "/ws handshake from 10.0.0.8 refused with 401: missing token");
  }
}
