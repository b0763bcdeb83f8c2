package io.incidentstream.admin.graphql.internal;

import graphql.GraphQL;
import graphql.analysis.MaxQueryComplexityInstrumentation;
import graphql.analysis.MaxQueryDepthInstrumentation;
import graphql.execution.instrumentation.ChainedInstrumentation;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;
import io.incidentstream.admin.graphql.GraphQLLimits;
import io.incidentstream.admin.graphql.Wiring;
import io.micronaut.context.annotation.Factory;
import io.micronaut.core.io.ResourceResolver;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Builds the one {@link GraphQL} bean: the schema from {@value #SCHEMA}, every {@link Wiring}
 * bean's fetchers, the depth and complexity limits, and error codes on every error.
 * micronaut-graphql serves it at {@code /graphql}; the console's {@code /graphql-ws} runs its
 * subscriptions on it.
 */
@Factory
final class GraphQLFactory {

  static final String SCHEMA = "classpath:graphql/schema.graphqls";

  @Singleton
  GraphQL graphQL(ResourceResolver resources, List<Wiring> wirings, GraphQLLimits limits) {
    RuntimeWiring.Builder wiring = RuntimeWiring.newRuntimeWiring().scalar(LongScalar.LONG);
    wirings.forEach(w -> w.contribute(wiring));
    GraphQLSchema schema =
        new SchemaGenerator().makeExecutableSchema(typeDefinitions(resources), wiring.build());
    return GraphQL.newGraphQL(schema)
        .instrumentation(
            new ChainedInstrumentation(
                new MaxQueryDepthInstrumentation(limits.maxDepth()),
                new MaxQueryComplexityInstrumentation(
                    limits.maxComplexity(), new ListAwareComplexity()),
                new ErrorCodes()))
        .defaultDataFetcherExceptionHandler(new FetcherErrors())
        .build();
  }

  private static TypeDefinitionRegistry typeDefinitions(ResourceResolver resources) {
    InputStream in =
        resources
            .getResourceAsStream(SCHEMA)
            .orElseThrow(() -> new IllegalStateException("schema missing: " + SCHEMA));
    try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
      return new SchemaParser().parse(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + SCHEMA, e);
    }
  }
}
