package io.incidentstream.admin.graphql;

import static org.assertj.core.api.Assertions.assertThat;

import io.incidentstream.streaming.support.Http;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** {@code stream.graphiql.enabled} serves GraphiQL's page (without a token: it holds no data). */
@MicronautTest
@Property(name = "stream.graphiql.enabled", value = "true")
class GraphiQlIT {

  @Inject EmbeddedServer server;

  @Test
  void shouldServeGraphiQlWhenEnabled() {
    var response = new Http(server.getURI()).withoutToken().get("/graphiql");
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).containsIgnoringCase("graphiql");
  }
}
