package io.incidentstream.streaming.ws;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.Base64;
import org.jspecify.annotations.Nullable;

/**
 * Answers a request to {@code /ws} that is not a valid WebSocket opening handshake (RFC 6455
 * section 4.2.1) with a clear HTTP error, before Micronaut's handshake sees it: Micronaut 4.10
 * never answers a non-GET upgrade or one without a key (and logs a stack trace), opens a session on
 * a connection whose version Netty refused, and answers a plain GET with a confusing 400.
 *
 * <p>An upgrade (headers {@code Connection: Upgrade} and {@code Upgrade: websocket}, as Micronaut
 * tells them apart) must be a GET (else 405), of version 13 (else 426 naming it), with a key that
 * is the base64 of 16 bytes (else 400). A plain GET gets 426 naming the upgrade it needs; other
 * plain requests are left to Micronaut (405). Stateless, thread-safe.
 */
@ServerFilter("/ws")
public class UpgradeRequestFilter implements Ordered {

  static final String WEBSOCKET_VERSION = "13";
  private static final String SEC_WEBSOCKET_VERSION = "Sec-WebSocket-Version";
  private static final String SEC_WEBSOCKET_KEY = "Sec-WebSocket-Key";
  private static final int KEY_BYTES = 16;

  @RequestFilter
  public @Nullable HttpResponse<?> check(HttpRequest<?> request) {
    HttpHeaders headers = request.getHeaders();
    if (!isUpgrade(headers)) {
      return request.getMethod() == HttpMethod.GET ? upgradeRequired() : null;
    }
    if (request.getMethod() != HttpMethod.GET) {
      return error(HttpStatus.METHOD_NOT_ALLOWED, "a WebSocket upgrade must be a GET request")
          .header(HttpHeaders.ALLOW, HttpMethod.GET.name());
    }
    String version = headers.get(SEC_WEBSOCKET_VERSION);
    if (!WEBSOCKET_VERSION.equals(version)) {
      return error(
              HttpStatus.UPGRADE_REQUIRED,
              "unsupported Sec-WebSocket-Version "
                  + (version == null ? "(none)" : '"' + version + '"')
                  + ": this server speaks version "
                  + WEBSOCKET_VERSION)
          .header(SEC_WEBSOCKET_VERSION, WEBSOCKET_VERSION);
    }
    if (!isValidKey(headers.get(SEC_WEBSOCKET_KEY))) {
      return error(
          HttpStatus.BAD_REQUEST,
          "missing or malformed Sec-WebSocket-Key: it must be the base64 encoding of 16 bytes");
    }
    return null;
  }

  /** The same test as Micronaut's: a {@code Connection} token "upgrade", an "Upgrade" websocket. */
  private static boolean isUpgrade(HttpHeaders headers) {
    return hasToken(headers, HttpHeaders.CONNECTION, "upgrade")
        && hasToken(headers, HttpHeaders.UPGRADE, "websocket");
  }

  /**
   * Before authentication (and the connection limits): a request that is not a valid handshake is
   * answered as such, whatever its token. Filters without an order run last in Micronaut 4.
   */
  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.before() - 10;
  }

  private static boolean hasToken(HttpHeaders headers, String name, String token) {
    for (String value : headers.getAll(name)) {
      for (String part : value.split(",")) {
        if (part.trim().equalsIgnoreCase(token)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isValidKey(@Nullable String key) {
    if (key == null) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(key.trim()).length == KEY_BYTES;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  private static MutableHttpResponse<?> upgradeRequired() {
    return error(
            HttpStatus.UPGRADE_REQUIRED,
            "/ws is a WebSocket endpoint: open it with a WebSocket upgrade"
                + " (Connection: Upgrade, Upgrade: websocket)")
        .header(HttpHeaders.CONNECTION, "Upgrade")
        .header(HttpHeaders.UPGRADE, "websocket");
  }

  private static MutableHttpResponse<String> error(HttpStatus status, String message) {
    return HttpResponse.<String>status(status).contentType(MediaType.TEXT_PLAIN_TYPE).body(message);
  }
}
