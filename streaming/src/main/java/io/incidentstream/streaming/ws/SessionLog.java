package io.incidentstream.streaming.ws;

import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO line when a {@code /ws} session opens and one when it closes, saying what happened to
 * whom: session id, instance id, subject, remote address, and on close the duration, close code and
 * reason. The same facts go as key-value pairs, which JSON logs ({@code LOG_FORMAT=json}) carry as
 * fields. Logger {@code io.incidentstream.streaming.ws.SessionLog}: set it to WARN to silence the
 * lines. Stateless, thread-safe.
 */
@Singleton
public class SessionLog {

  private static final Logger LOG = LoggerFactory.getLogger(SessionLog.class);

  /** Written where the token named no subject. */
  static final String NO_SUBJECT = "-";

  private final String instanceId;

  public SessionLog(InstanceIdentity instance) {
    this.instanceId = instance.id();
  }

  @EventListener
  void onOpened(SessionOpenedEvent event) {
    StreamSession session = event.session();
    String subject = subject(session);
    LOG.atInfo()
        .addKeyValue("event", "session_opened")
        .addKeyValue("session_id", session.id())
        .addKeyValue("instance_id", instanceId)
        .addKeyValue("subject", subject)
        .addKeyValue("remote_address", session.clientAddress())
        .log(
            "session {} opened on {} by {} from {}",
            session.id(),
            instanceId,
            subject,
            session.clientAddress());
  }

  @EventListener
  void onClosed(SessionClosedEvent event) {
    StreamSession session = event.session();
    String subject = subject(session);
    long durationMillis = Duration.between(session.openedAt(), Instant.now()).toMillis();
    String code = event.closeCode() == null ? "none" : event.closeCode().toString();
    String reason = reason(event.closeReason());
    LOG.atInfo()
        .addKeyValue("event", "session_closed")
        .addKeyValue("session_id", session.id())
        .addKeyValue("instance_id", instanceId)
        .addKeyValue("subject", subject)
        .addKeyValue("remote_address", session.clientAddress())
        .addKeyValue("duration_ms", durationMillis)
        .addKeyValue("close_code", code)
        .addKeyValue("close_reason", reason)
        .log(
            "session {} closed on {} by {} from {} after {} ms: {} ({})",
            session.id(),
            instanceId,
            subject,
            session.clientAddress(),
            durationMillis,
            code,
            reason);
  }

  private static String subject(StreamSession session) {
    String subject = session.principal().subject();
    return subject.isEmpty() ? NO_SUBJECT : subject;
  }

  private static String reason(@Nullable String reason) {
    return reason == null || reason.isEmpty() ? "no reason" : reason;
  }
}
