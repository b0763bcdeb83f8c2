package io.incidentstream.admin.graphql.internal;

import graphql.ExecutionInput;
import io.micronaut.configuration.graphql.DefaultGraphQLExecutionInputCustomizer;
import io.micronaut.configuration.graphql.GraphQLExecutionInputCustomizer;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.async.publisher.Publishers;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;
import java.security.Principal;
import org.reactivestreams.Publisher;

/**
 * Puts the caller (the subject of the admin token the security rule admitted) into the operation's
 * GraphQL context, for the audit log.
 */
@Singleton
@Replaces(DefaultGraphQLExecutionInputCustomizer.class)
final class OperatorInput implements GraphQLExecutionInputCustomizer {

  @Override
  public Publisher<ExecutionInput> customize(
      ExecutionInput input, HttpRequest httpRequest, MutableHttpResponse<String> response) {
    HttpRequest<?> request = httpRequest;
    String operator = request.getUserPrincipal().map(Principal::getName).orElse("unknown");
    input.getGraphQLContext().put(Operator.CONTEXT_KEY, operator);
    return Publishers.just(input);
  }
}
