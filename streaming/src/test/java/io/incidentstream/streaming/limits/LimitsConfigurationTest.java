package io.incidentstream.streaming.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LimitsConfigurationTest {

  @Test
  void shouldRoundRetryAfterUpToWholeSecondsAndNeverBelowOne() {
    assertThat(new LimitsConfiguration(Duration.ofSeconds(5)).retryAfterSeconds()).isEqualTo(5);
    assertThat(new LimitsConfiguration(Duration.ofMillis(5_001)).retryAfterSeconds()).isEqualTo(6);
    assertThat(new LimitsConfiguration(Duration.ofMillis(200)).retryAfterSeconds()).isEqualTo(1);
    assertThat(new LimitsConfiguration(Duration.ZERO).retryAfterSeconds()).isEqualTo(1);
  }
}
