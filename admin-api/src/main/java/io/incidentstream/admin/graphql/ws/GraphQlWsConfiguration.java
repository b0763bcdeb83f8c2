package io.incidentstream.admin.graphql.ws;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The {@code stream.graphql.*} settings of {@code /graphql-ws}.
 *
 * @param initTimeout how long a connection may wait before its {@code connection_init}; past it the
 *     server closes with 4408
 * @param maxPendingMessages messages written to one connection and not yet taken by its socket; one
 *     more closes the connection with 4008 (a slow client is closed, never buffered without bound)
 * @param maxOperations operations (subscriptions, queries) running at once on one connection; one
 *     more is refused with an {@code error} message
 */
@ConfigurationProperties("stream.graphql")
public record GraphQlWsConfiguration(
    @Bindable(defaultValue = "3s") Duration initTimeout,
    @Bindable(defaultValue = "1000") int maxPendingMessages,
    @Bindable(defaultValue = "100") int maxOperations) {

  public GraphQlWsConfiguration {
    if (initTimeout.isNegative() || initTimeout.isZero()) {
      throw new IllegalArgumentException(
          "stream.graphql.init-timeout must be positive, was " + initTimeout);
    }
    if (maxPendingMessages < 1) {
      throw new IllegalArgumentException(
          "stream.graphql.max-pending-messages must be at least 1, was " + maxPendingMessages);
    }
    if (maxOperations < 1) {
      throw new IllegalArgumentException(
          "stream.graphql.max-operations must be at least 1, was " + maxOperations);
    }
  }
}
