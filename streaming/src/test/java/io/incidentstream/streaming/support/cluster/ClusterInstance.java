package io.incidentstream.streaming.support.cluster;

import io.incidentstream.streaming.support.TestTokens;
import io.incidentstream.streaming.support.WsTestClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One running server of a {@link ClusterFixture}: its own application context, port, HTTP client
 * and WebSocket clients (closed when the instance stops). Thread-safe.
 */
public final class ClusterInstance {

  public static final String INGEST_PATH = "/api/v1/events";
  public static final String MEMBERS_PATH = "/api/v1/cluster/members";
  public static final String READINESS_PATH = "/health/readiness";
  public static final String LIVENESS_PATH = "/health/liveness";

  private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(10);
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(HTTP_TIMEOUT).build();

  private final String instanceId;
  private final ApplicationContext context;
  private final EmbeddedServer server;
  private final URI uri;
  private final List<WsTestClient> clients = new CopyOnWriteArrayList<>();

  private ClusterInstance(String instanceId, EmbeddedServer server) {
    this.instanceId = instanceId;
    this.server = server;
    this.context = server.getApplicationContext();
    this.uri = server.getURI();
  }

  static ClusterInstance start(String instanceId, Map<String, Object> properties) {
    EmbeddedServer server =
        ApplicationContext.run(EmbeddedServer.class, properties, ClusterFixture.ENV);
    return new ClusterInstance(instanceId, server);
  }

  public String instanceId() {
    return instanceId;
  }

  /** The http:// base URI. */
  public URI uri() {
    return uri;
  }

  public URI wsUri() {
    return URI.create("ws://" + uri.getAuthority() + "/ws");
  }

  public URI ingestUri() {
    return uri.resolve(INGEST_PATH);
  }

  public URI readinessUri() {
    return uri.resolve(READINESS_PATH);
  }

  /** {@code host:port} as clients reach it. */
  public String address() {
    return uri.getHost() + ":" + uri.getPort();
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  public boolean isRunning() {
    return server.isRunning();
  }

  /** Stops the server and its context (a clean shutdown), closing this instance's clients. */
  public void stop() {
    clients.forEach(WsTestClient::close);
    if (context.isRunning()) {
      context.close();
    }
  }

  /** A WebSocket client on this instance, past {@code welcome}. */
  public WsTestClient connect() {
    WsTestClient client = WsTestClient.connectAndAwaitWelcome(uri);
    clients.add(client);
    return client;
  }

  /** A client subscribed with {@code filtersJson} under the id {@code "sub"}. */
  public WsTestClient subscribed(String filtersJson) {
    WsTestClient client = connect();
    client.subscribe("sub", filtersJson);
    client.awaitType("subscribed");
    return client;
  }

  /** {@code POST /api/v1/events} with a JSON body. */
  public HttpResponse<String> ingest(String json) {
    return send(ingestRequest(json));
  }

  /** {@code POST /api/v1/events} without waiting for the answer. */
  public CompletableFuture<HttpResponse<String>> ingestAsync(String json) {
    return HTTP.sendAsync(ingestRequest(json), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path) {
    return send(
        HttpRequest.newBuilder(uri.resolve(path))
            .timeout(HTTP_TIMEOUT)
            .header("Authorization", "Bearer " + TestTokens.admin())
            .GET()
            .build());
  }

  /** Status of {@code /health/readiness}: 200 when UP, 503 when DOWN. */
  public int readiness() {
    return get(READINESS_PATH).statusCode();
  }

  public int liveness() {
    return get(LIVENESS_PATH).statusCode();
  }

  /** A counter's value, 0 when it does not exist (yet). */
  public double counter(String name) {
    Counter counter = bean(MeterRegistry.class).find(name).counter();
    return counter == null ? 0 : counter.count();
  }

  /** A gauge's value, NaN when it does not exist. */
  public double gauge(String name) {
    Gauge gauge = bean(MeterRegistry.class).find(name).gauge();
    return gauge == null ? Double.NaN : gauge.value();
  }

  @Override
  public String toString() {
    return instanceId + "@" + address();
  }

  private HttpRequest ingestRequest(String json) {
    return HttpRequest.newBuilder(ingestUri())
        .timeout(HTTP_TIMEOUT)
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + TestTokens.admin())
        .POST(HttpRequest.BodyPublishers.ofString(json))
        .build();
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(request.method() + " " + request.uri() + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
