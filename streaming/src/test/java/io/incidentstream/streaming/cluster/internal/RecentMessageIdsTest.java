package io.incidentstream.streaming.cluster.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentMessageIdsTest {

  private static final Instant T0 = Instant.parse("2026-11-25T17:00:00Z");
  private static final Duration RETENTION = Duration.ofMinutes(10);

  private final RecentMessageIds ids = new RecentMessageIds(RETENTION, 3);

  @Test
  void shouldAnswerTheSeqOfAnIdOfTheSameTenantOnly() {
    UUID id = UUID.randomUUID();
    ids.remember("acme", id, 7, T0);

    assertThat(ids.seqOf("acme", id, T0)).isEqualTo(7L);
    assertThat(ids.seqOf("other", id, T0)).isNull();
    assertThat(ids.seqOf("acme", UUID.randomUUID(), T0)).isNull();
  }

  @Test
  void shouldRememberAnIdUntilTheRetentionHasPassed() {
    UUID id = UUID.randomUUID();
    ids.remember("acme", id, 7, T0);

    assertThat(ids.seqOf("acme", id, T0.plus(RETENTION).minusMillis(1))).isEqualTo(7L);
    assertThat(ids.seqOf("acme", id, T0.plus(RETENTION))).isNull();
    assertThat(ids.size()).isZero();
  }

  @Test
  void shouldKeepAtMostItsCapacityForgettingTheOldestFirst() {
    UUID first = UUID.randomUUID();
    UUID second = UUID.randomUUID();
    UUID third = UUID.randomUUID();
    ids.remember("acme", first, 1, T0);
    ids.remember("acme", second, 2, T0);
    ids.remember("acme", third, 3, T0);

    assertThat(ids.size()).isEqualTo(3);
    assertThat(ids.seqOf("acme", first, T0)).isEqualTo(1L);

    ids.remember("acme", UUID.randomUUID(), 4, T0);

    assertThat(ids.size()).isEqualTo(3);
    assertThat(ids.seqOf("acme", first, T0)).isNull();
    assertThat(ids.seqOf("acme", second, T0)).isEqualTo(2L);
  }
}
