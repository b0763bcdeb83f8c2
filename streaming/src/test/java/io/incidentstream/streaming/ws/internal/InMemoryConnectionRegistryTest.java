package io.incidentstream.streaming.ws.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.domain.protocol.ServerMessage;
import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.security.StreamPrincipal;
import io.incidentstream.streaming.ws.CloseCode;
import io.incidentstream.streaming.ws.ConnectionRegistry.Admission;
import io.incidentstream.streaming.ws.StreamSession;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryConnectionRegistryTest {

  private final InMemoryConnectionRegistry registry = new InMemoryConnectionRegistry(config(3, 2));

  @Test
  void shouldEnforceThePerAddressAndTotalLimits() {
    assertThat(registry.register(session("a", "10.0.0.1"))).isEqualTo(Admission.ACCEPTED);
    assertThat(registry.register(session("b", "10.0.0.1"))).isEqualTo(Admission.ACCEPTED);
    assertThat(registry.register(session("c", "10.0.0.1")))
        .isEqualTo(Admission.TOO_MANY_FROM_ADDRESS);
    assertThat(registry.register(session("d", "10.0.0.2"))).isEqualTo(Admission.ACCEPTED);
    assertThat(registry.register(session("e", "10.0.0.3")))
        .isEqualTo(Admission.TOO_MANY_CONNECTIONS);
    assertThat(registry.size()).isEqualTo(3);
    assertThat(registry.check("10.0.0.4")).isEqualTo(Admission.TOO_MANY_CONNECTIONS);
  }

  @Test
  void shouldReturnEveryCountToZero() {
    StreamSession a = session("a", "10.0.0.1");
    StreamSession b = session("b", "10.0.0.1");
    registry.register(a);
    registry.register(b);

    assertThat(registry.unregister(a)).isTrue();
    assertThat(registry.unregister(a)).isFalse();
    assertThat(registry.unregister(b)).isTrue();

    assertThat(registry.size()).isZero();
    assertThat(registry.countFor("10.0.0.1")).isZero();
    assertThat(registry.register(session("c", "10.0.0.3"))).isEqualTo(Admission.ACCEPTED);
  }

  @Test
  void shouldRefuseEverySessionWhileDraining() {
    registry.startDraining();

    assertThat(registry.register(session("a", "10.0.0.1"))).isEqualTo(Admission.DRAINING);
    assertThat(registry.check("10.0.0.1")).isEqualTo(Admission.DRAINING);
  }

  private static StreamConfiguration config(int maxConnections, int maxPerAddress) {
    return new StreamConfiguration(
        10,
        1024,
        Duration.ofSeconds(30),
        Duration.ofSeconds(300),
        Duration.ofSeconds(60),
        1024,
        10,
        maxConnections,
        maxPerAddress,
        100,
        100,
        Duration.ofMinutes(10),
        null,
        false,
        Duration.ofSeconds(1));
  }

  private static StreamSession session(String id, String address) {
    return new StreamSession() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public String clientAddress() {
        return address;
      }

      @Override
      public Instant openedAt() {
        return Instant.EPOCH;
      }

      @Override
      public boolean isOpen() {
        return true;
      }

      @Override
      public boolean isConnected() {
        return true;
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
      public void close(CloseCode code, String reason) {}

      @Override
      public void release() {}

      @Override
      public long lastActivityNanos() {
        return 0;
      }

      @Override
      public void ping() {}

      @Override
      public int pendingMessages() {
        return 0;
      }

      @Override
      public double queueSaturation() {
        return 0;
      }
    };
  }
}
