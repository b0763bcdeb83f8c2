package io.incidentstream.streaming.ingest;

import static io.incidentstream.streaming.support.TestEvents.systemJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.incidentstream.domain.event.EventEnvelope;
import io.incidentstream.domain.protocol.ProtocolCodec;
import io.incidentstream.streaming.history.EventHistory;
import io.incidentstream.streaming.support.Http;
import io.incidentstream.streaming.support.TestTokens;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/v1/events} with the body {@code {"tenant":…,"events":[…]}}, the form the Redis
 * ingest channel takes, over real HTTP: the body's tenant obeys the rules of {@code X-Tenant} (the
 * token's tenants, the format), a tenant named in both places must be the same, and the batch
 * limits are those of the other forms.
 */
@MicronautTest
class IngestBodyTenantIT {

  private static final String PATH = "/api/v1/events";
  private static final String JSON = "application/json";
  private static final ObjectMapper MAPPER = new ObjectMapper();

  @Inject EmbeddedServer server;
  @Inject EventHistory history;

  private long seqBefore;

  @BeforeEach
  void rememberTheStream() {
    seqBefore = history.lastSeq();
  }

  @Test
  void shouldPublishToTheBodysTenantWhenTheTokenListsIt() {
    HttpResponse<String> response =
        publisher("acme", "beta").post(PATH, JSON, batch("\"beta\"", 2));

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(json(response).isArray()).isTrue();
    assertThat(json(response)).hasSize(2);
    assertThat(published()).extracting(EventEnvelope::tenant).containsExactly("beta", "beta");
  }

  @Test
  void shouldRefuseABodyTenantTheTokenDoesNotListWith403() {
    HttpResponse<String> response = publisher("acme").post(PATH, JSON, batch("\"beta\"", 1));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.body()).contains("\"error\":\"FORBIDDEN\"").contains("tenant beta");
    assertThat(published()).isEmpty();
  }

  @Test
  void shouldAcceptTheSameTenantInHeaderAndBody() {
    HttpResponse<String> response =
        publisher("acme", "beta").post(PATH, JSON, batch("\"acme\"", 1), "X-Tenant", "acme");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(published()).extracting(EventEnvelope::tenant).containsExactly("acme");
  }

  @Test
  void shouldRefuseHeaderAndBodyNamingDifferentTenantsWith400NamingBoth() {
    HttpResponse<String> response =
        publisher("acme", "beta").post(PATH, JSON, batch("\"beta\"", 1), "X-Tenant", "acme");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("\"error\":\"INVALID_TENANT\"")
        .contains("X-Tenant names tenant acme but the body names beta");
    assertThat(published()).isEmpty();
  }

  @Test
  void shouldTakeTheHeadersTenantForABodyWithoutOne() {
    HttpResponse<String> response =
        publisher("acme", "beta").post(PATH, JSON, batch(null, 1), "X-Tenant", "beta");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(published()).extracting(EventEnvelope::tenant).containsExactly("beta");
  }

  @Test
  void shouldAskAPublisherOfSeveralTenantsToNameOneInEitherPlace() {
    HttpResponse<String> response = publisher("acme", "beta").post(PATH, JSON, batch(null, 1));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body()).contains("\"error\":\"INVALID_TENANT\"").contains("X-Tenant");
  }

  @Test
  void shouldAcceptABodyTenantOfSixtyFourCharactersAndRefuseOneOfSixtyFive() {
    String longest = "t".repeat(TenantIds.MAX_LENGTH);

    HttpResponse<String> atLimit = admin().post(PATH, JSON, batch("\"" + longest + "\"", 1));
    HttpResponse<String> pastLimit = admin().post(PATH, JSON, batch("\"" + longest + "t\"", 1));
    HttpResponse<String> badCharacter = admin().post(PATH, JSON, batch("\"acme corp\"", 1));

    assertThat(atLimit.statusCode()).as(atLimit.body()).isEqualTo(202);
    assertThat(published()).extracting(EventEnvelope::tenant).containsExactly(longest);
    for (HttpResponse<String> refused : List.of(pastLimit, badCharacter)) {
      assertThat(refused.statusCode()).isEqualTo(400);
      assertThat(refused.body())
          .contains("\"error\":\"INVALID_TENANT\"")
          .contains("tenant in the body must be 1-64 characters");
    }
    assertThat(history.lastSeq()).isEqualTo(seqBefore + 1);
  }

  @Test
  void shouldRefuseABodyTenantThatIsNotAStringAsAnInvalidEvent() {
    HttpResponse<String> response = admin().post(PATH, JSON, batch("7", 1));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.body())
        .contains("\"error\":\"INVALID_EVENT\"")
        .contains("\"path\":\"tenant\"");
  }

  @Test
  void shouldTakeABatchOfTheLimitAndRefuseOneEventMore() {
    int limit = ProtocolCodec.MAX_BATCH_SIZE;

    HttpResponse<String> atLimit = admin().post(PATH, JSON, batch("\"acme\"", limit));
    long afterLimit = history.lastSeq();
    HttpResponse<String> pastLimit = admin().post(PATH, JSON, batch("\"acme\"", limit + 1));
    HttpResponse<String> empty = admin().post(PATH, JSON, "{\"tenant\":\"acme\",\"events\":[]}");

    assertThat(atLimit.statusCode()).as(atLimit.body()).isEqualTo(202);
    assertThat(json(atLimit)).hasSize(limit);
    assertThat(pastLimit.statusCode()).isEqualTo(400);
    assertThat(pastLimit.body())
        .contains("\"error\":\"INVALID_EVENT\"")
        .contains("batch of 1001 events exceeds the limit of 1000 events");
    assertThat(empty.statusCode()).isEqualTo(400);
    assertThat(empty.body()).contains("\"error\":\"INVALID_EVENT\"").contains("no events");
    assertThat(history.lastSeq()).isEqualTo(afterLimit);
  }

  @Test
  void shouldStillAnswerOneEventObjectWithOneReceipt() {
    HttpResponse<String> response = admin().post(PATH, JSON, systemJson("one"), "X-Tenant", "acme");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    assertThat(json(response).isObject()).isTrue();
    assertThat(json(response).get("seq").asLong()).isEqualTo(seqBefore + 1);
  }

  private List<EventEnvelope> published() {
    return history.range(seqBefore, history.lastSeq()).events();
  }

  private Http admin() {
    return new Http(server.getURI());
  }

  private Http publisher(String... tenants) {
    return new Http(server.getURI()).withToken(TestTokens.publisher("bot", List.of(tenants)));
  }

  /** {@code {"tenant":<tenantJson>,"events":[…size]}}, without {@code tenant} when null. */
  private static String batch(String tenantJson, int size) {
    String events = String.join(",", Collections.nCopies(size, systemJson("batched")));
    return tenantJson == null
        ? "{\"events\":[" + events + "]}"
        : "{\"tenant\":" + tenantJson + ",\"events\":[" + events + "]}";
  }

  private static JsonNode json(HttpResponse<String> response) {
    try {
      return MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
