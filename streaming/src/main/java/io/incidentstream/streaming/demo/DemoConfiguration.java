package io.incidentstream.streaming.demo;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import org.jspecify.annotations.Nullable;

/**
 * The {@code stream.demo.*} settings: a generator of realistic incident lifecycles for demos and
 * dashboards. Off by default; {@code STREAM_DEMO_ENABLED=true} turns it on.
 *
 * @param enabled whether the generator runs
 * @param eventsPerSecond how many events it publishes per second (1 to 10,000)
 * @param tenant the tenant its events belong to
 * @param seed a fixed seed makes the generated stream repeatable; unset means random
 */
@ConfigurationProperties("stream.demo")
public record DemoConfiguration(
    @Bindable(defaultValue = "false") boolean enabled,
    @Bindable(defaultValue = "5") int eventsPerSecond,
    @Bindable(defaultValue = "default") String tenant,
    @Nullable Long seed) {

  public static final int MAX_EVENTS_PER_SECOND = 10_000;

  public DemoConfiguration {
    if (eventsPerSecond < 1 || eventsPerSecond > MAX_EVENTS_PER_SECOND) {
      throw new IllegalArgumentException(
          "stream.demo.events-per-second must be 1.."
              + MAX_EVENTS_PER_SECOND
              + ", was "
              + eventsPerSecond);
    }
  }
}
