package io.incidentstream.streaming.ws;

import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.ingest.EventPublisher;
import io.incidentstream.streaming.support.ResumeRace;
import io.incidentstream.streaming.support.WsTestEnv;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resume race of {@link ResumeRace} on one embedded instance. */
@MicronautTest(environments = WsTestEnv.NAME)
@Property(name = "stream.history-size", value = "100000")
@Property(name = "stream.max-pending-messages", value = "100000")
@Property(name = "stream.max-pending-bytes", value = "256MB")
class ResumeRaceIT {

  @Inject EmbeddedServer server;
  @Inject EventPublisher publisher;
  @Inject EventHistory history;

  @Test
  void shouldGiveEveryClientResumingDuringAFullSpeedPublisherExactlyItsMissedAndLiveEvents()
      throws Exception {
    new ResumeRace(publisher, history).run(List.of(server.getURI()));
  }
}
