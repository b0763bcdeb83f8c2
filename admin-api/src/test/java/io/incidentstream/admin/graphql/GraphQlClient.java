package io.incidentstream.admin.graphql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.incidentstream.streaming.support.Http;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * Posts GraphQL operations to {@code /graphql} over real HTTP, as an admin unless told otherwise.
 */
final class GraphQlClient {

  static final ObjectMapper JSON = new ObjectMapper();

  private final Http http;

  GraphQlClient(URI server) {
    this(new Http(server));
  }

  private GraphQlClient(Http http) {
    this.http = http;
  }

  GraphQlClient withToken(String token) {
    return new GraphQlClient(http.withToken(token));
  }

  GraphQlClient withoutToken() {
    return new GraphQlClient(http.withoutToken());
  }

  HttpResponse<String> post(String query, Map<String, ?> variables) {
    ObjectNode body = JSON.createObjectNode();
    body.put("query", query);
    body.set("variables", JSON.valueToTree(variables));
    return http.post("/graphql", "application/json", body.toString());
  }

  /** The whole answer ({@code data} and {@code errors}) of an operation answered with 200. */
  JsonNode execute(String query, Map<String, ?> variables) {
    HttpResponse<String> response = post(query, variables);
    if (response.statusCode() != 200) {
      throw new AssertionError("HTTP " + response.statusCode() + ": " + response.body());
    }
    return parse(response.body());
  }

  JsonNode execute(String query) {
    return execute(query, Map.of());
  }

  /** {@code data} of an operation that must answer without errors. */
  JsonNode data(String query, Map<String, ?> variables) {
    JsonNode answer = execute(query, variables);
    if (answer.has("errors")) {
      throw new AssertionError("errors: " + answer.get("errors"));
    }
    return answer.get("data");
  }

  JsonNode data(String query) {
    return data(query, Map.of());
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
