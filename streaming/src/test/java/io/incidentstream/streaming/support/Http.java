package io.incidentstream.streaming.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A raw HTTP client for tests that need exact bodies and headers. Sends an admin token ({@link
 * TestTokens#admin()}) unless given another or none. Thread-safe.
 */
public final class Http {

  private static final HttpClient CLIENT = HttpClient.newHttpClient();

  private final HttpClient client = CLIENT;
  private final URI base;
  private final @Nullable String token;

  public Http(URI base) {
    this(base, TestTokens.admin());
  }

  private Http(URI base, @Nullable String token) {
    this.base = base;
    this.token = token;
  }

  /** The same client, sending {@code Authorization: Bearer <token>}. */
  public Http withToken(String token) {
    return new Http(base, token);
  }

  /** The same client, sending no token. */
  public Http withoutToken() {
    return new Http(base, null);
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
        authorized(HttpRequest.newBuilder(base.resolve(path)))
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
          authorized(HttpRequest.newBuilder(base.resolve(path))).GET().build(),
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
        authorized(HttpRequest.newBuilder(base.resolve(path)))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (headers.length > 0) {
      builder.headers(headers);
    }
    return builder.build();
  }

  private HttpRequest.Builder authorized(HttpRequest.Builder builder) {
    return token == null ? builder : builder.header("Authorization", "Bearer " + token);
  }
}
