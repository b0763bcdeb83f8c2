package io.incidentstream.streaming.support;

import io.incidentstream.streaming.fanout.Broadcaster;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The {@link RecordingBroadcaster} as a bean, only in the {@value #ENV} environment so it never
 * replaces the real fan-out in other test suites of this module.
 */
@Singleton
@Requires(env = TestBroadcaster.ENV)
@Replaces(Broadcaster.class)
public class TestBroadcaster extends RecordingBroadcaster {

  public static final String ENV = "ingest-test";
}
