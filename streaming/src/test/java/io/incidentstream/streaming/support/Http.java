package io.incidentstream.streaming.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

/** A raw HTTP client for tests that need exact bodies and headers. Thread-safe. */
public final class Http {

  private final HttpClient client = HttpClient.newHttpClient();
  private final URI base;

  public Http(URI base) {
    this.base = base;
  }

  public HttpResponse<String> post(
      String path, String contentType, String body, String... headers) {
    try {
      return client.send(
          request(path, contentType, body, headers), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Posts without a Content-Length (chunked), as a streaming producer would. */
  public HttpResponse<String> postChunked(String path, String body) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(body)))
            .build();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public CompletableFuture<HttpResponse<String>> postAsync(String path, String body) {
    return client.sendAsync(
        request(path, "application/json", body), HttpResponse.BodyHandlers.ofString());
  }

  public HttpResponse<String> get(String path) {
    try {
      return client.send(
          HttpRequest.newBuilder(base.resolve(path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpRequest request(String path, String contentType, String body, String... headers) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder.build();
  }
}
