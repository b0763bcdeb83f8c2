package io.incidentstream.streaming.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** {@code stream.security.query-token} on: {@code /ws?access_token=} is accepted. */
@MicronautTest
@Property(name = "stream.security.query-token", value = "true")
class QueryTokenIT {

  @Inject EmbeddedServer server;

  @Test
  void shouldAcceptTheAccessTokenQueryParameterWhenOn() {
    URI uri =
        URI.create(WsTestClient.wsUri(server.getURI()) + "?access_token=" + TestTokens.viewer());
    try (WsTestClient client = WsTestClient.connect(uri, builder -> {})) {
      assertThat(client.awaitType("welcome").path("session_id").asText()).isNotBlank();
    }
  }
}
