package io.incidentstream.admin.graphql.ws;

import graphql.GraphQL;
import graphql.schema.DataFetcher;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import io.incidentstream.domain.port.Caller;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.SignalType;

/**
 * A schema whose subscription the protocol tests control: {@code ticks(count, intervalMs, size)}
 * emits {@code count} ticks (forever when negative), each with {@code size} characters of padding,
 * and counts the streams that are running, so a test can see that nothing keeps running after a
 * {@code complete} or a close. The transport is schema-agnostic; the production schema's
 * subscriptions have their own tests.
 */
@Factory
@Requires(env = TickSchema.ENV)
class TickSchema {

  static final String ENV = "graphql-ws-protocol";

  private static final String SDL =
      """
      type Query { hello: String! whoami: String! }
      type Subscription { ticks(count: Int = 3, intervalMs: Int = 50, size: Int = 0): Tick! }
      type Tick { n: Int! pad: String! }
      """;

  /** Streams of ticks running now. */
  @Singleton
  static final class Running {
    final AtomicInteger streams = new AtomicInteger();

    /** Streams that ended by cancellation. */
    final AtomicInteger cancelled = new AtomicInteger();
  }

  @Bean
  @Singleton
  @Replaces(GraphQL.class)
  GraphQL graphQL(Running running) {
    DataFetcher<Flux<Map<String, Object>>> ticks =
        env -> {
          int count = env.getArgument("count");
          int interval = env.getArgument("intervalMs");
          String pad = "x".repeat(env.<Integer>getArgument("size"));
          Flux<Long> clock = Flux.interval(Duration.ofMillis(interval)).map(n -> n + 1);
          return (count < 0 ? clock : clock.take(count))
              .<Map<String, Object>>map(n -> Map.of("n", n.intValue(), "pad", pad))
              .doOnSubscribe(s -> running.streams.incrementAndGet())
              .doFinally(
                  signal -> {
                    running.streams.decrementAndGet();
                    if (signal == SignalType.CANCEL) {
                      running.cancelled.incrementAndGet();
                    }
                  });
        };
    RuntimeWiring wiring =
        RuntimeWiring.newRuntimeWiring()
            .type("Query", q -> q.dataFetcher("hello", env -> "world"))
            .type(
                "Query",
                q ->
                    q.dataFetcher(
                        "whoami",
                        env -> env.getGraphQlContext().<Caller>get(Caller.class).subject()))
            .type("Subscription", s -> s.dataFetcher("ticks", ticks))
            .build();
    GraphQLSchema schema =
        new SchemaGenerator().makeExecutableSchema(new SchemaParser().parse(SDL), wiring);
    return GraphQL.newGraphQL(schema).build();
  }
}
