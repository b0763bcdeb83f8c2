package io.incidentstream.streaming.limits;

import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a {@code /ws} upgrade with HTTP 503 before it happens when the instance or the client
 * address is at its connection limit, or the server is shutting down. A hint only: the hard check
 * is the registry's, at open, which answers {@code closing} + 1008 to the few that race past this.
 * Thread-safe.
 */
@ServerFilter("/ws")
public class ConnectionLimitFilter {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitFilter.class);

  private final ConnectionRegistry registry;
  private final HttpClientAddressResolver addressResolver;

  public ConnectionLimitFilter(
      ConnectionRegistry registry, HttpClientAddressResolver addressResolver) {
    this.registry = registry;
    this.addressResolver = addressResolver;
  }

  @RequestFilter
  public @Nullable HttpResponse<?> admit(HttpRequest<?> request) {
    String address = addressResolver.resolve(request);
    ConnectionRegistry.Admission admission = registry.check(address == null ? "unknown" : address);
    if (admission == ConnectionRegistry.Admission.ACCEPTED) {
      return null;
    }
    LOG.info("/ws upgrade from {} refused: {}", address, admission);
    return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE).body(admission.name());
  }
}
