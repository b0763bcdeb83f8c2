package io.incidentstream.streaming.ingest;

import static io.incidentstream.streaming.ingest.IngestResponses.FORBIDDEN;
import static io.incidentstream.streaming.ingest.IngestResponses.INTERNAL_ERROR;
import static io.incidentstream.streaming.ingest.IngestResponses.INVALID_TENANT;
import static io.incidentstream.streaming.ingest.IngestResponses.PAYLOAD_TOO_LARGE;
import static io.incidentstream.streaming.ingest.IngestResponses.UNAVAILABLE;
import static io.incidentstream.streaming.ingest.IngestResponses.UNSUPPORTED_MEDIA_TYPE;

import io.incidentstream.domain.event.Receipt;
import io.incidentstream.domain.protocol.ClusterCodec;
import io.incidentstream.domain.protocol.Decoded;
import io.incidentstream.domain.protocol.IngestBatch;
import io.incidentstream.streaming.StreamingException;
import io.incidentstream.streaming.ingest.IngestMetrics.Outcome;
import io.incidentstream.streaming.ingest.IngestMetrics.Path;
import io.incidentstream.streaming.ingest.IngestResponses.Accepted;
import io.incidentstream.streaming.ingest.IngestResponses.ErrorBody;
import io.incidentstream.streaming.security.PublisherTenants;
import io.incidentstream.streaming.security.StreamPrincipal;
import io.incidentstream.streaming.tracing.IngestTrace;
import io.incidentstream.streaming.tracing.StreamTracing;
import io.incidentstream.streaming.tracing.StreamTracing.Ingress;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.exceptions.ContentLengthExceededException;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.inject.Named;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/events}: one event object, an array of them, or {@code
 * {"tenant":…,"events":[…]}}, decoded by {@link ClusterCodec#decodeIngest}, the very decoder of the
 * Redis ingest channel, so both take the same JSON; all or nothing. The tenant comes from {@code
 * X-Tenant} or the body's {@code tenant} (the same one if both), under the token's tenants. An
 * event may carry its producer's {@code message_id}: a repeat is answered 202 with the original
 * {@code seq} and {@code "duplicate":true}. Each request is one ingest span of {@link
 * StreamTracing}, joined to the producer's {@code traceparent} header, whose context the events
 * carry to every instance's fan-out. Stateless and thread-safe.
 */
@Controller("/api/v1/events")
public final class IngestController {

  static final String TENANT_HEADER = "X-Tenant";
  static final String TRACEPARENT_HEADER = "traceparent";
  static final String RETRY_AFTER_SECONDS = "1";

  private static final Logger LOG = LoggerFactory.getLogger(IngestController.class);

  private final ClusterCodec codec = new ClusterCodec();
  private final EventPublisher publisher;
  private final IngestMetrics metrics;
  private final StreamTracing tracing;
  private final Executor responseExecutor;

  /**
   * @param responseExecutor builds and encodes the 202 body, so that work never runs on the bus's
   *     sequencer thread, which completes the publish future and orders the whole stream
   */
  public IngestController(
      EventPublisher publisher,
      IngestMetrics metrics,
      StreamTracing tracing,
      @Named(TaskExecutors.BLOCKING) Executor responseExecutor) {
    this.publisher = Objects.requireNonNull(publisher, "publisher");
    this.metrics = Objects.requireNonNull(metrics, "metrics");
    this.tracing = Objects.requireNonNull(tracing, "tracing");
    this.responseExecutor = Objects.requireNonNull(responseExecutor, "responseExecutor");
  }

  /**
   * Runs off the event loop: decoding a body of several megabytes must not stall the /ws sessions
   * that share the loop. Content type is checked here rather than by routing so that a wrong one
   * gets this API's error shape.
   */
  @Post(consumes = MediaType.ALL, produces = MediaType.APPLICATION_JSON)
  @ExecuteOn(TaskExecutors.BLOCKING)
  public CompletableFuture<HttpResponse<?>> publish(
      HttpRequest<?> request,
      @Body @Nullable String body,
      @Header(TENANT_HEADER) @Nullable String tenantHeader,
      @Header(TRACEPARENT_HEADER) @Nullable String traceparent,
      @Nullable StreamPrincipal caller) {
    IngestTrace trace = tracing.ingest(Ingress.HTTP, traceparent);
    StreamPrincipal producer = Objects.requireNonNull(caller, "caller");
    HttpResponse<?> refused =
        refuseHeaders(request.getContentType().orElse(null), tenantHeader, trace);
    if (refused == null && tenantHeader != null) {
      // A tenant the token does not list is refused before the body is decoded.
      refused = choose(producer, tenantHeader, trace).refusal();
    }
    if (refused != null) {
      return done(refused);
    }
    Decoded<IngestBatch> decoded;
    try {
      decoded = codec.decodeIngest(body == null ? "" : body);
    } catch (RuntimeException e) {
      return done(bug("Decoding failed", e, trace));
    }
    if (decoded instanceof Decoded.Failed<IngestBatch> failed) {
      return done(invalid(failed, tenantHeader, trace));
    }
    IngestBatch batch = ((Decoded.Ok<IngestBatch>) decoded).value();
    refused = refuseBodyTenant(batch.tenant(), tenantHeader, trace);
    if (refused != null) {
      return done(refused);
    }
    TenantChoice choice =
        choose(producer, tenantHeader != null ? tenantHeader : batch.tenant(), trace);
    if (choice.refusal() != null) {
      return done(choice.refusal());
    }
    String tenant = Objects.requireNonNull(choice.tenant(), "tenant");
    return publisher
        .submit(batch.events(), tenant, trace.traceparent())
        .handleAsync(
            (receipts, failure) -> respond(receipts, failure, batch.list(), tenant, trace),
            responseExecutor);
  }

  /** Body over {@code micronaut.server.max-request-size}: same error shape as the rest. */
  @io.micronaut.http.annotation.Error(exception = ContentLengthExceededException.class)
  public HttpResponse<?> tooLarge(HttpRequest<?> request, ContentLengthExceededException e) {
    refused(
        Outcome.TOO_LARGE,
        tracing.ingest(Ingress.HTTP, request.getHeaders().get(TRACEPARENT_HEADER)));
    return error(HttpStatus.REQUEST_ENTITY_TOO_LARGE, PAYLOAD_TOO_LARGE, e.getMessage());
  }

  private @Nullable HttpResponse<?> refuseHeaders(
      @Nullable MediaType contentType, @Nullable String tenantHeader, IngestTrace trace) {
    if (!isJson(contentType)) {
      refused(Outcome.UNSUPPORTED_MEDIA_TYPE, trace);
      return error(
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          UNSUPPORTED_MEDIA_TYPE,
          "Content-Type must be application/json");
    }
    if (tenantHeader != null && !TenantIds.isValid(tenantHeader)) {
      refused(Outcome.INVALID_TENANT, trace);
      return error(
          HttpStatus.BAD_REQUEST,
          INVALID_TENANT,
          TENANT_HEADER + " must be 1-" + TenantIds.MAX_LENGTH + " characters of [A-Za-z0-9._-]");
    }
    return null;
  }

  /**
   * The body's {@code tenant} obeys the header's rules, and a request that names its tenant twice
   * names the same one.
   */
  private @Nullable HttpResponse<?> refuseBodyTenant(
      @Nullable String bodyTenant, @Nullable String tenantHeader, IngestTrace trace) {
    if (bodyTenant == null) {
      return null;
    }
    if (!TenantIds.isValid(bodyTenant)) {
      refused(Outcome.INVALID_TENANT, trace);
      return error(
          HttpStatus.BAD_REQUEST,
          INVALID_TENANT,
          "tenant in the body must be 1-" + TenantIds.MAX_LENGTH + " characters of [A-Za-z0-9._-]");
    }
    if (tenantHeader != null && !tenantHeader.equals(bodyTenant)) {
      refused(Outcome.INVALID_TENANT, trace);
      return error(
          HttpStatus.BAD_REQUEST,
          INVALID_TENANT,
          TENANT_HEADER
              + " names tenant "
              + tenantHeader
              + " but the body names "
              + bodyTenant
              + ": name one tenant, in either place or the same in both");
    }
    return null;
  }

  /** The tenant to publish to, or why the token may not: see {@link PublisherTenants#choose}. */
  private TenantChoice choose(
      StreamPrincipal producer, @Nullable String requested, IngestTrace trace) {
    try {
      return new TenantChoice(PublisherTenants.choose(producer, requested), null);
    } catch (PublisherTenants.ForbiddenTenantException e) {
      refused(Outcome.FORBIDDEN_TENANT, trace);
      return new TenantChoice(null, error(HttpStatus.FORBIDDEN, FORBIDDEN, e.getMessage()));
    } catch (PublisherTenants.AmbiguousTenantException e) {
      refused(Outcome.INVALID_TENANT, trace);
      return new TenantChoice(null, error(HttpStatus.BAD_REQUEST, INVALID_TENANT, e.getMessage()));
    }
  }

  private record TenantChoice(@Nullable String tenant, @Nullable HttpResponse<?> refusal) {}

  private HttpResponse<?> invalid(
      Decoded.Failed<IngestBatch> failed, @Nullable String tenant, IngestTrace trace) {
    LOG.debug("Rejected ingest for tenant {}: {}", tenant, failed.describe());
    refused(Outcome.INVALID_EVENT, trace);
    return badRequest(
        ErrorBody.invalidEvent("Invalid event: " + failed.describe(), failed.errors()));
  }

  private HttpResponse<?> respond(
      @Nullable List<Receipt> receipts,
      @Nullable Throwable failure,
      boolean array,
      String tenant,
      IngestTrace trace) {
    if (failure != null) {
      return unavailableOrBug(unwrap(failure), trace);
    }
    List<Receipt> accepted = Objects.requireNonNull(receipts, "receipts");
    metrics.accepted(Path.HTTP, accepted.size());
    trace.accepted(tenant, accepted);
    if (array) {
      return HttpResponse.accepted().body(accepted.stream().map(Accepted::of).toList());
    }
    return HttpResponse.accepted().body(Accepted.of(accepted.get(0)));
  }

  private HttpResponse<?> unavailableOrBug(Throwable failure, IngestTrace trace) {
    if (failure instanceof StreamingException) {
      refused(Outcome.UNAVAILABLE, trace);
      LOG.debug("Bus refused a batch: {}", failure.getMessage());
      return error(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE, failure.getMessage())
          .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
    }
    return bug("Publishing failed", failure, trace);
  }

  /** The codec never throws on bad input, so anything thrown here is our bug: say so, in shape. */
  private HttpResponse<?> bug(String what, Throwable failure, IngestTrace trace) {
    refused(Outcome.ERROR, trace);
    LOG.error("{} unexpectedly", what, failure);
    return error(HttpStatus.INTERNAL_SERVER_ERROR, INTERNAL_ERROR, what);
  }

  /** Counts a refusal and ends the request's span with it. */
  private void refused(Outcome outcome, IngestTrace trace) {
    metrics.record(Path.HTTP, outcome);
    trace.rejected(
        outcome.name().toLowerCase(Locale.ROOT),
        outcome == Outcome.UNAVAILABLE || outcome == Outcome.ERROR);
  }

  private static Throwable unwrap(Throwable failure) {
    return failure instanceof CompletionException && failure.getCause() != null
        ? failure.getCause()
        : failure;
  }

  private static boolean isJson(@Nullable MediaType type) {
    return type != null
        && type.getType().equals("application")
        && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
  }

  private static CompletableFuture<HttpResponse<?>> done(HttpResponse<?> response) {
    return CompletableFuture.completedFuture(response);
  }

  private static HttpResponse<?> badRequest(ErrorBody body) {
    return HttpResponse.badRequest(body);
  }

  private static MutableHttpResponse<ErrorBody> error(
      HttpStatus status, String code, String message) {
    return HttpResponse.<ErrorBody>status(status).body(ErrorBody.of(code, message));
  }
}
