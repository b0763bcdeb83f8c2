package io.incidentstream.streaming.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

  private static final long SECOND = 1_000_000_000L;

  @Test
  void shouldAllowTheLimitPerWindowAndRefillInTheNext() {
    RateLimiter limiter = new RateLimiter(3, 0);

    assertThat(limiter.tryAcquire(1)).isTrue();
    assertThat(limiter.tryAcquire(2)).isTrue();
    assertThat(limiter.tryAcquire(3)).isTrue();
    assertThat(limiter.tryAcquire(4)).isFalse();
    assertThat(limiter.tryAcquire(SECOND + 5)).isTrue();
  }

  @Test
  void shouldForgetViolationsAfterAQuietMinute() {
    RateLimiter limiter = new RateLimiter(1, 0);

    assertThat(limiter.recordViolation(1)).isEqualTo(1);
    assertThat(limiter.recordViolation(2)).isEqualTo(2);
    assertThat(limiter.recordViolation(2 + 61 * SECOND)).isEqualTo(1);
  }
}
