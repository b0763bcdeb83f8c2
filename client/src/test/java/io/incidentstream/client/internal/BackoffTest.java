package io.incidentstream.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff =
      new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5), 2.0, new Random(42));

  @Test
  void shouldGrowTheCeilingByTheFactorUpToTheMaximum() {
    assertThat(IntStream.range(0, 9).mapToLong(backoff::ceilingMillis).toArray())
        .containsExactly(100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000);
    assertThat(backoff.ceilingMillis(10_000)).isEqualTo(5000);
  }

  @Test
  void shouldDrawEachDelayUniformlyBetweenZeroAndTheCeiling() {
    LongSummaryStatistics third =
        IntStream.range(0, 10_000).mapToLong(i -> backoff.delayMillis(3)).summaryStatistics();

    // Full jitter: the whole range [0, 800] is used, not a band around the ceiling.
    assertThat(third.getMin()).isBetween(0L, 8L);
    assertThat(third.getMax()).isBetween(792L, 800L);
    assertThat(third.getAverage()).isBetween(380.0, 420.0);
  }

  @Test
  void shouldNeverExceedTheCeilingOfAnyAttempt() {
    for (int attempt = 0; attempt < 20; attempt++) {
      for (int i = 0; i < 500; i++) {
        assertThat(backoff.delayMillis(attempt)).isBetween(0L, backoff.ceilingMillis(attempt));
      }
    }
  }

  @Test
  void shouldKeepAPromptReconnectWithinTheMinimum() {
    assertThat(IntStream.range(0, 1000).mapToLong(i -> backoff.promptMillis()))
        .allSatisfy(delay -> assertThat(delay).isBetween(0L, 100L));
  }

  @Test
  void shouldRefuseSettingsThatMakeNoSense() {
    Random random = new Random();
    assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2, random))
        .hasMessageContaining("min must be positive");
    assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2, random))
        .hasMessageContaining("max (PT1S) must not be below min (PT2S)");
    assertThatThrownBy(() -> new Backoff(Duration.ofMillis(1), Duration.ofSeconds(1), 0.5, random))
        .hasMessageContaining("factor must be a finite number >= 1");
    assertThatThrownBy(
            () -> new Backoff(Duration.ofMillis(1), Duration.ofSeconds(1), Double.NaN, random))
        .hasMessageContaining("factor must be a finite number >= 1");
  }
}
