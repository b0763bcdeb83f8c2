package io.incidentstream.streaming.support.cluster;

import io.incidentstream.streaming.fanout.Broadcaster;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

/**
 * On an instance started with {@value #PROPERTY}{@code =true}, hands the bus a {@link
 * GatedBroadcaster} around the real broadcaster; {@code bean(Broadcaster.class)} returns it.
 */
@Singleton
@Requires(env = ClusterFixture.ENV)
@Requires(property = GatedBroadcasters.PROPERTY, value = "true")
public final class GatedBroadcasters implements BeanCreatedEventListener<Broadcaster> {

  public static final String PROPERTY = "cluster-test.gated-broadcaster";

  @Override
  public Broadcaster onCreated(BeanCreatedEvent<Broadcaster> event) {
    return new GatedBroadcaster(event.getBean());
  }
}
