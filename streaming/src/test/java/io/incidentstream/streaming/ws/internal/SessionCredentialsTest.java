package io.incidentstream.streaming.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.model.TenantScope;
import io.incidentstream.streaming.security.Role;
import io.incidentstream.streaming.security.StreamPrincipal;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A token's expiry check is scheduled only once its end is within twice the heartbeat interval (the
 * heartbeat round looks again before then): a long-lived token costs an idle connection no timer.
 */
class SessionCredentialsTest {

  private static final Duration HEARTBEAT = Duration.ofSeconds(30);

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final SessionServices services = services();

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  private NettyStreamSession sessionWithTokenFor(@Nullable Duration validity) {
    Instant expiresAt = validity == null ? null : Instant.now().plus(validity);
    StreamPrincipal principal =
        new StreamPrincipal("carol", Set.of(Role.VIEWER), TenantScope.ALL, expiresAt);
    NettyStreamSession session =
        new NettyStreamSession(
            "s-1", channel, channel.eventLoop(), "127.0.0.1", principal, services);
    services.credentials.start(session);
    return session;
  }

  @Test
  void shouldScheduleTheCheckOfATokenEndingWithinTwoHeartbeatIntervals() {
    NettyStreamSession session = sessionWithTokenFor(HEARTBEAT.multipliedBy(2).minusSeconds(1));

    assertThat(session.expiryScheduled).isTrue();
  }

  @Test
  void shouldLeaveALongerTokenToTheHeartbeatRound() {
    NettyStreamSession session = sessionWithTokenFor(HEARTBEAT.multipliedBy(2).plusSeconds(5));

    assertThat(session.expiryScheduled).isFalse();
    session.heartbeatVisit();
    assertThat(session.expiryScheduled).isFalse();
  }

  @Test
  void shouldWatchARefreshedTokenAfresh() {
    NettyStreamSession session = sessionWithTokenFor(Duration.ofSeconds(10));
    assertThat(session.expiryScheduled).isTrue();

    services.credentials.renew(
        session,
        new StreamPrincipal(
            "carol",
            Set.of(Role.VIEWER),
            TenantScope.ALL,
            Instant.now().plus(Duration.ofHours(1))));

    assertThat(session.expiryScheduled).isFalse();
  }

  @Test
  void shouldNeverScheduleForASessionThatDoesNotExpire() {
    NettyStreamSession session = sessionWithTokenFor(null);

    session.heartbeatVisit();

    assertThat(session.expiryScheduled).isFalse();
  }

  private static SessionServices services() {
    return TestSessionServices.of(
        TestSessionServices.config(10, HEARTBEAT, 64), new SimpleMeterRegistry());
  }
}
