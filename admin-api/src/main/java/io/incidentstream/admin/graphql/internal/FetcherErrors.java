package io.incidentstream.admin.graphql.internal;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherExceptionHandler;
import graphql.execution.DataFetcherExceptionHandlerParameters;
import graphql.execution.DataFetcherExceptionHandlerResult;
import io.incidentstream.admin.graphql.AdminApiException;
import io.incidentstream.admin.graphql.ErrorCode;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a data fetcher's exception into a GraphQL error with a code: an {@link AdminApiException}
 * keeps its code and message; an {@link IllegalArgumentException} (a port refusing an argument) is
 * {@code BAD_USER_INPUT} with its message; anything else is {@code INTERNAL}, logged with an error
 * id that the answer repeats, and its message is not sent to the client.
 */
final class FetcherErrors implements DataFetcherExceptionHandler {

  private static final Logger LOG = LoggerFactory.getLogger(FetcherErrors.class);

  @Override
  public CompletableFuture<DataFetcherExceptionHandlerResult> handleException(
      DataFetcherExceptionHandlerParameters parameters) {
    Throwable cause = unwrap(parameters.getException());
    GraphqlErrorBuilder<?> error =
        GraphqlErrorBuilder.newError()
            .path(parameters.getPath())
            .location(parameters.getSourceLocation());
    GraphQLError built;
    if (cause instanceof AdminApiException refused) {
      built = error.message(refused.getMessage()).extensions(code(refused.code())).build();
    } else if (cause instanceof IllegalArgumentException bad) {
      built = error.message(bad.getMessage()).extensions(code(ErrorCode.BAD_USER_INPUT)).build();
    } else {
      String id = UUID.randomUUID().toString();
      LOG.error("GraphQL field {} failed (error id {})", parameters.getPath(), id, cause);
      built =
          error
              .message("internal error (error id " + id + ")")
              .extensions(code(ErrorCode.INTERNAL))
              .build();
    }
    return CompletableFuture.completedFuture(
        DataFetcherExceptionHandlerResult.newResult(built).build());
  }

  private static Map<String, Object> code(ErrorCode code) {
    return Map.of(ErrorCodes.CODE, code.name());
  }

  private static Throwable unwrap(Throwable failure) {
    Throwable t = failure;
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
