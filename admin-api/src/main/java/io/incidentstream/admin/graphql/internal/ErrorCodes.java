package io.incidentstream.admin.graphql.internal;

import graphql.ErrorClassification;
import graphql.ErrorType;
import graphql.ExecutionResult;
import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.instrumentation.InstrumentationState;
import graphql.execution.instrumentation.SimplePerformantInstrumentation;
import graphql.execution.instrumentation.parameters.InstrumentationExecutionParameters;
import io.incidentstream.admin.graphql.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Gives every error of a result an {@code extensions.code}: errors graphql-java raised itself
 * (syntax, validation, a limit that aborted the operation, a bad variable) become {@code
 * BAD_USER_INPUT}; anything else without a code is {@code INTERNAL}.
 */
final class ErrorCodes extends SimplePerformantInstrumentation {

  static final String CODE = "code";

  @Override
  public CompletableFuture<ExecutionResult> instrumentExecutionResult(
      ExecutionResult result,
      InstrumentationExecutionParameters parameters,
      InstrumentationState state) {
    if (result.getErrors().isEmpty()) {
      return CompletableFuture.completedFuture(result);
    }
    List<GraphQLError> coded = new ArrayList<>(result.getErrors().size());
    for (GraphQLError error : result.getErrors()) {
      coded.add(withCode(error));
    }
    return CompletableFuture.completedFuture(result.transform(b -> b.errors(coded)));
  }

  private static GraphQLError withCode(GraphQLError error) {
    Map<String, Object> extensions = error.getExtensions();
    if (extensions != null && extensions.containsKey(CODE)) {
      return error;
    }
    Map<String, Object> merged = new LinkedHashMap<>();
    if (extensions != null) {
      merged.putAll(extensions);
    }
    merged.put(CODE, codeOf(error.getErrorType()).name());
    return GraphqlErrorBuilder.newError()
        .message(error.getMessage())
        .locations(error.getLocations())
        .path(error.getPath())
        .errorType(error.getErrorType())
        .extensions(merged)
        .build();
  }

  private static ErrorCode codeOf(ErrorClassification type) {
    boolean requestAtFault =
        type == ErrorType.InvalidSyntax
            || type == ErrorType.ValidationError
            || type == ErrorType.ExecutionAborted;
    return requestAtFault ? ErrorCode.BAD_USER_INPUT : ErrorCode.INTERNAL;
  }
}
