package io.incidentstream.streaming.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.ws.InstanceIdentity;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

/** Embedded mode: the cluster is this instance alone. */
@MicronautTest
class ClusterMembersEmbeddedIT {

  @Inject EmbeddedServer server;
  @Inject InstanceIdentity identity;

  @Test
  void shouldListOnlyThisInstance() throws Exception {
    JsonNode body =
        new ObjectMapper()
            .readTree(new Http(server.getURI()).get("/api/v1/cluster/members").body());

    assertThat(body.get("instances")).hasSize(1);
    JsonNode self = body.get("instances").get(0);
    assertThat(self.get("instance_id").asText()).isEqualTo(identity.id());
    assertThat(self.get("address").asText()).isEqualTo("localhost:" + server.getPort());
  }
}
