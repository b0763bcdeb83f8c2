package io.incidentstream.domain.port;

import java.time.Instant;
import java.util.Objects;

/**
 * One operator action. Immutable.
 *
 * @param operator who: the subject of the admin token
 * @param action what: the mutation's name
 * @param target on what: a session id or a subject
 * @param reason why, as the operator gave it
 * @param result what came of it, in words
 * @param success whether it did what was asked
 */
public record AuditEntry(
    Instant at,
    String instanceId,
    String operator,
    String action,
    String target,
    String reason,
    String result,
    boolean success) {

  public AuditEntry {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(instanceId, "instanceId");
    Objects.requireNonNull(operator, "operator");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(result, "result");
  }
}
