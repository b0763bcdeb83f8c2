package io.incidentstream.admin.graphql.internal;

import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import graphql.schema.idl.RuntimeWiring;
import io.incidentstream.admin.graphql.AdminApiException;
import io.incidentstream.admin.graphql.ErrorCode;
import io.incidentstream.admin.graphql.Wiring;
import io.incidentstream.domain.port.AuditEntry;
import io.incidentstream.domain.port.AuditLog;
import io.incidentstream.domain.port.ClusterDirectory;
import io.incidentstream.domain.port.DisconnectResult;
import io.incidentstream.domain.port.SessionControl;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;

/**
 * The {@code Mutation} fields: disconnects, each with a required reason, each written to the audit
 * log with who asked, when, why and what came of it (refusals included). Thread-safe.
 */
@Singleton
final class MutationFetchers implements Wiring {

  static final String DISCONNECT_SESSION = "disconnectSession";
  static final String DISCONNECT_SUBJECT = "disconnectSubject";

  private final SessionControl control;
  private final AuditLog audit;
  private final ClusterDirectory cluster;

  MutationFetchers(SessionControl control, AuditLog audit, ClusterDirectory cluster) {
    this.control = control;
    this.audit = audit;
    this.cluster = cluster;
  }

  @Override
  public void contribute(RuntimeWiring.Builder wiring) {
    wiring.type(
        "Mutation",
        type ->
            type.dataFetcher(
                    DISCONNECT_SESSION,
                    env ->
                        disconnect(env, DISCONNECT_SESSION, "id", control::disconnectSession, true))
                .dataFetcher(
                    DISCONNECT_SUBJECT,
                    env ->
                        disconnect(
                            env,
                            DISCONNECT_SUBJECT,
                            "subject",
                            control::disconnectSubject,
                            false)));
  }

  /**
   * @param mustFind whether closing nothing is NOT_FOUND (one session) rather than a result of zero
   *     (a subject without sessions)
   */
  private CompletableFuture<DataFetcherResult<Map<String, Object>>> disconnect(
      DataFetchingEnvironment env,
      String action,
      String targetArgument,
      BiFunction<String, String, CompletionStage<DisconnectResult>> command,
      boolean mustFind) {
    String target = env.getArgument(targetArgument);
    String reason = env.getArgument("reason");
    String operator = Operator.of(env);
    try {
      SessionControl.checkReason(reason);
    } catch (IllegalArgumentException refused) {
      record(operator, action, target, reason, "refused: " + refused.getMessage(), false);
      throw Arguments.badInput(refused.getMessage());
    }
    return command
        .apply(target, reason)
        .thenApply(
            result -> {
              int closed = result.sessionIds().size();
              boolean missing = mustFind && closed == 0;
              String outcome =
                  missing
                      ? "not found" + unanswered(result)
                      : closed + " session(s) closed: " + result.sessionIds() + unanswered(result);
              record(operator, action, target, reason, outcome, !missing);
              if (missing && result.unavailable().isEmpty()) {
                throw new AdminApiException(
                    ErrorCode.NOT_FOUND, "no open session with id \"" + target + "\"");
              }
              return Results.partial(
                  Views.disconnected(result.sessionIds()), result.unavailable(), env);
            })
        .toCompletableFuture();
  }

  private static String unanswered(DisconnectResult result) {
    return result.unavailable().isEmpty()
        ? ""
        : "; unanswered: " + result.unavailable().stream().map(f -> f.instanceId()).toList();
  }

  private void record(
      String operator,
      String action,
      String target,
      String reason,
      String result,
      boolean success) {
    audit.record(
        new AuditEntry(
            Instant.now(),
            cluster.localInstanceId(),
            operator,
            action,
            target,
            reason,
            result,
            success));
  }
}
