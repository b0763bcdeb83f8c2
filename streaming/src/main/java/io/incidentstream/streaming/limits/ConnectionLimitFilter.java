package io.incidentstream.streaming.limits;

import io.incidentstream.streaming.config.StreamConfiguration;
import io.incidentstream.streaming.ws.ConnectionRegistry;
import io.incidentstream.streaming.ws.ConnectionRegistry.Admission;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.http.server.util.HttpClientAddressResolver;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a {@code /ws} upgrade before it happens when a connection limit says no: HTTP 429 when
 * the client's address holds {@code max-connections-per-address} connections (that client should
 * back off), HTTP 503 when the instance holds {@code max-connections} or is shutting down (any
 * client should try later or another instance). Both carry {@code Retry-After} and a JSON body
 * naming the limit. A hint only: the hard check is the registry's, at open, which answers {@code
 * closing} + 1008 to the few that race past this. Thread-safe.
 */
@ServerFilter("/ws")
public class ConnectionLimitFilter implements Ordered {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimitFilter.class);

  /** At most one refusal line per this interval: a client hammering the limit floods nothing. */
  private static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

  private final ConnectionRegistry registry;
  private final HttpClientAddressResolver addressResolver;
  private final StreamConfiguration config;
  private final String retryAfterSeconds;
  private final LogLimiter refusalLog = new LogLimiter(LOG_INTERVAL);

  public ConnectionLimitFilter(
      ConnectionRegistry registry,
      HttpClientAddressResolver addressResolver,
      StreamConfiguration config,
      LimitsConfiguration limits) {
    this.registry = registry;
    this.addressResolver = addressResolver;
    this.config = config;
    this.retryAfterSeconds = Long.toString(limits.retryAfterSeconds());
  }

  /**
   * After the handshake's validity check, before authentication: a full instance refuses without
   * spending a token check. Filters without an order run last in Micronaut 4.
   */
  @Override
  public int getOrder() {
    return ServerFilterPhase.SECURITY.before();
  }

  @RequestFilter
  public @Nullable HttpResponse<?> admit(HttpRequest<?> request) {
    String resolved = addressResolver.resolve(request);
    String address = resolved == null ? "unknown" : resolved;
    Admission admission = registry.check(address);
    if (admission == Admission.ACCEPTED) {
      return null;
    }
    ConnectionRefusal refusal = refusal(admission);
    logRefusal(address, refusal);
    return HttpResponse.status(status(admission))
        .header(HttpHeaders.RETRY_AFTER, retryAfterSeconds)
        .contentType(MediaType.APPLICATION_JSON_TYPE)
        .body(refusal);
  }

  private static HttpStatus status(Admission admission) {
    return admission == Admission.TOO_MANY_FROM_ADDRESS
        ? HttpStatus.TOO_MANY_REQUESTS
        : HttpStatus.SERVICE_UNAVAILABLE;
  }

  private ConnectionRefusal refusal(Admission admission) {
    String message =
        switch (admission) {
          case TOO_MANY_FROM_ADDRESS ->
              "this address already holds the maximum of "
                  + config.maxConnectionsPerAddress()
                  + " connections to this instance; close one or retry after "
                  + retryAfterSeconds
                  + " s";
          case TOO_MANY_CONNECTIONS ->
              "this instance holds its maximum of "
                  + config.maxConnections()
                  + " connections; retry after "
                  + retryAfterSeconds
                  + " s or connect to another instance";
          case DRAINING ->
              "this instance is shutting down; connect to another instance or retry after "
                  + retryAfterSeconds
                  + " s";
          case ACCEPTED -> throw new IllegalArgumentException("not a refusal: " + admission);
        };
    return new ConnectionRefusal(admission.name(), message);
  }

  private void logRefusal(String address, ConnectionRefusal refusal) {
    long heldBack = refusalLog.tryAcquire();
    if (heldBack >= 0) {
      LOG.info(
          "/ws upgrade from {} refused: {} ({} more refusals not logged since the last line)",
          address,
          refusal.error(),
          heldBack);
    }
  }
}
