package io.incidentstream.admin.graphql.internal;

import graphql.GraphQLError;
import graphql.GraphqlErrorBuilder;
import graphql.execution.DataFetcherResult;
import graphql.schema.DataFetchingEnvironment;
import io.incidentstream.admin.graphql.ErrorCode;
import io.incidentstream.domain.port.InstanceFailure;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Field results that carry errors beside their data (instances that did not answer). */
final class Results {

  private Results() {}

  /** {@code data}, plus one UNAVAILABLE error per instance that did not answer. */
  static <T> DataFetcherResult<T> partial(
      @Nullable T data, List<InstanceFailure> unavailable, DataFetchingEnvironment env) {
    DataFetcherResult.Builder<T> result = DataFetcherResult.<T>newResult().data(data);
    for (InstanceFailure failure : unavailable) {
      result.error(unavailable(failure, env));
    }
    return result.build();
  }

  static GraphQLError unavailable(InstanceFailure failure, DataFetchingEnvironment env) {
    return GraphqlErrorBuilder.newError(env)
        .message(
            "instance %s did not answer: %s (its part is missing)",
            failure.instanceId(), failure.message())
        .extensions(
            Map.of("code", ErrorCode.UNAVAILABLE.name(), "instanceId", failure.instanceId()))
        .build();
  }
}
