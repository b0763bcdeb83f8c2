package io.incidentstream.streaming.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.security.StreamPrincipal;
import io.incidentstream.streaming.ws.CloseCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Heartbeats and the idle sweep are spread over their period, a slice per tick. */
class LoopHousekeeperTest {

  private static final long TICK = TimeUnit.MILLISECONDS.toNanos(100);
  private static final long HEARTBEAT = TimeUnit.SECONDS.toNanos(30);
  private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(300);
  private static final long CLEANUP = TimeUnit.SECONDS.toNanos(60);
  private static final long TICKS_PER_HEARTBEAT = HEARTBEAT / TICK;

  private final LoopHousekeeper housekeeper =
      new LoopHousekeeper(TICK, HEARTBEAT, TIMEOUT, CLEANUP);
  private final List<FakeSession> sessions = new ArrayList<>();
  private long now = TimeUnit.HOURS.toNanos(1);

  private void open(int count, long lastClientFrame) {
    for (int i = 0; i < count; i++) {
      FakeSession session = new FakeSession(lastClientFrame);
      sessions.add(session);
      housekeeper.add(session);
    }
  }

  private int pings() {
    return sessions.stream().mapToInt(s -> s.pings).sum();
  }

  private int sweepVisits() {
    return sessions.stream().mapToInt(s -> s.connectionChecks).sum();
  }

  @Test
  void shouldPingEveryIdleSessionOncePerIntervalWithoutATickExceedingItsSlice() {
    open(10_000, now - HEARTBEAT);
    int slice = SpreadRound.sliceFor(10_000, TICKS_PER_HEARTBEAT);
    assertThat(slice).isEqualTo(34);

    int most = 0;
    for (long tick = 0; tick < TICKS_PER_HEARTBEAT; tick++) {
      now += TICK;
      int before = pings();
      housekeeper.tick(now);
      most = Math.max(most, pings() - before);
    }

    assertThat(most).as("pings in the busiest tick").isLessThanOrEqualTo(slice);
    assertThat(sessions).allSatisfy(s -> assertThat(s.pings).isOne());
  }

  @Test
  void shouldSpreadTheIdleSweepOverTheCleanupInterval() {
    open(10_000, now);
    long ticksPerCleanup = CLEANUP / TICK;
    int slice = SpreadRound.sliceFor(10_000, ticksPerCleanup);

    int most = 0;
    for (long tick = 0; tick < ticksPerCleanup; tick++) {
      now += TICK;
      int before = sweepVisits();
      housekeeper.tick(now);
      most = Math.max(most, sweepVisits() - before);
    }

    assertThat(most).isLessThanOrEqualTo(slice);
    assertThat(sessions).allSatisfy(s -> assertThat(s.connectionChecks).isOne());
  }

  @Test
  void shouldNotPingASessionWhoseClientSentAFrameWithinTheInterval() {
    open(500, now - HEARTBEAT);
    List<FakeSession> idle = List.copyOf(sessions);
    open(500, now);
    List<FakeSession> active = sessions.subList(500, 1000);

    for (long tick = 0; tick < TICKS_PER_HEARTBEAT; tick++) {
      now += TICK;
      for (FakeSession session : active) {
        session.lastClientFrame = now;
      }
      housekeeper.tick(now);
    }

    assertThat(idle).allSatisfy(s -> assertThat(s.pings).isOne());
    assertThat(active).allSatisfy(s -> assertThat(s.pings).isZero());
  }

  @Test
  void shouldPingALoneSessionOncePerIntervalNotOnEveryTick() {
    open(1, now - HEARTBEAT);

    for (long tick = 0; tick < 3 * TICKS_PER_HEARTBEAT; tick++) {
      now += TICK;
      housekeeper.tick(now);
    }

    assertThat(sessions.get(0).pings).isEqualTo(3);
  }

  @Test
  void shouldCloseIdleSessionsAndReleaseThoseWhoseConnectionIsGone() {
    open(3, now);
    FakeSession idle = sessions.get(0);
    FakeSession gone = sessions.get(1);
    FakeSession fine = sessions.get(2);
    idle.lastActivity = now - TIMEOUT - 1;
    gone.connected = false;

    for (long tick = 0; tick < CLEANUP / TICK; tick++) {
      now += TICK;
      fine.lastActivity = now;
      housekeeper.tick(now);
    }

    assertThat(idle.closedWith).isEqualTo(CloseCode.IDLE_TIMEOUT);
    assertThat(gone.released).isTrue();
    assertThat(fine.closedWith).isNull();
    assertThat(fine.released).isFalse();
  }

  @Test
  void shouldForgetARemovedSessionAndKeepTheOthers() {
    open(3, now - HEARTBEAT);
    housekeeper.remove(sessions.get(0));
    housekeeper.remove(sessions.get(0));

    for (long tick = 0; tick < TICKS_PER_HEARTBEAT; tick++) {
      now += TICK;
      housekeeper.tick(now);
    }

    assertThat(housekeeper.size()).isEqualTo(2);
    assertThat(sessions.get(0).pings).isZero();
    assertThat(sessions.subList(1, 3)).allSatisfy(s -> assertThat(s.pings).isOne());
  }

  private static final class FakeSession implements Housekept {

    long lastClientFrame;
    long lastActivity;
    boolean connected = true;
    boolean released;
    @Nullable CloseCode closedWith;
    int pings;
    int connectionChecks;
    int slot = -1;

    FakeSession(long lastClientFrame) {
      this.lastClientFrame = lastClientFrame;
      this.lastActivity = lastClientFrame;
    }

    @Override
    public long lastClientFrameNanos() {
      return lastClientFrame;
    }

    @Override
    public int housekeepingSlot() {
      return slot;
    }

    @Override
    public void housekeepingSlot(int slot) {
      this.slot = slot;
    }

    @Override
    public String id() {
      return "s";
    }

    @Override
    public String clientAddress() {
      return "127.0.0.1";
    }

    @Override
    public Instant openedAt() {
      return Instant.EPOCH;
    }

    @Override
    public boolean isOpen() {
      return closedWith == null && !released;
    }

    @Override
    public boolean isConnected() {
      connectionChecks++;
      return connected;
    }

    @Override
    public StreamPrincipal principal() {
      return StreamPrincipal.ANONYMOUS;
    }

    @Override
    public void renew(StreamPrincipal principal) {}

    @Override
    public void send(ServerMessage message) {}

    @Override
    public void sendText(String text) {}

    @Override
    public void sendBinary(byte[] payload) {}

    @Override
    public void close(CloseCode code, String reason) {
      closedWith = code;
    }

    @Override
    public void release() {
      released = true;
    }

    @Override
    public long lastActivityNanos() {
      return lastActivity;
    }

    @Override
    public void ping() {
      pings++;
    }

    @Override
    public int pendingMessages() {
      return 0;
    }

    @Override
    public double queueSaturation() {
      return 0;
    }
  }
}
