package io.incidentstream.streaming.limits;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Settings of the limits beyond the limits themselves (those are {@code stream.max-*}).
 *
 * @param retryAfter what a refused {@code /ws} upgrade (HTTP 429 or 503) tells the client to wait,
 *     in its {@code Retry-After} header (whole seconds, at least 1)
 */
@ConfigurationProperties("stream.limits")
public record LimitsConfiguration(@Bindable(defaultValue = "5s") Duration retryAfter) {

  /** {@link #retryAfter} as the header wants it: whole seconds, rounded up, at least one. */
  public long retryAfterSeconds() {
    long seconds = retryAfter.toSeconds() + (retryAfter.toNanosPart() > 0 ? 1 : 0);
    return Math.max(1, seconds);
  }
}
