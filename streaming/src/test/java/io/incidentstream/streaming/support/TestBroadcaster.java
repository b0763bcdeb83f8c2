package io.incidentstream.streaming.support;

import io.incidentstream.streaming.fanout.Broadcaster;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * A test hook on the production fan-out, only in the {@value #ENV} environment: the real {@link
 * Broadcaster} bean is wrapped (not replaced) so that every event the bus delivers is recorded, and
 * can be held at a gate or made to fail, on its way to the real fan-out. Inject this bean to read
 * and steer the recording.
 */
@Singleton
@Requires(env = TestBroadcaster.ENV)
// Exposed as itself only: it must never be a candidate for a Broadcaster injection point.
@Bean(typed = {TestBroadcaster.class, BeanCreatedEventListener.class})
public final class TestBroadcaster extends RecordingBroadcaster
    implements BeanCreatedEventListener<Broadcaster> {

  public static final String ENV = "ingest-test";

  @Override
  public Broadcaster onCreated(BeanCreatedEvent<Broadcaster> event) {
    delegateTo(event.getBean());
    return this;
  }
}
