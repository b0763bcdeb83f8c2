package io.incidentstream.streaming.ws.internal;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Settings of the event-loop stall detector ({@code stream.event-loop.*}).
 *
 * @param stallThreshold an event loop that has not run a queued probe task for this long is
 *     reported as stalled (WARN with its stack, and {@code stream_event_loop_stalls_total})
 * @param probeInterval how often each event loop is probed; a stall is seen at most this long after
 *     it crosses the threshold
 */
@ConfigurationProperties("stream.event-loop")
record EventLoopSettings(
    @Bindable(defaultValue = "100ms") Duration stallThreshold,
    @Bindable(defaultValue = "50ms") Duration probeInterval) {

  EventLoopSettings {
    if (stallThreshold.isNegative() || stallThreshold.isZero()) {
      throw new IllegalArgumentException(
          "stream.event-loop.stall-threshold must be positive: " + stallThreshold);
    }
    if (probeInterval.isNegative() || probeInterval.isZero()) {
      throw new IllegalArgumentException(
          "stream.event-loop.probe-interval must be positive: " + probeInterval);
    }
  }
}
