package io.incidentstream.admin.graphql.internal;

import graphql.GraphQLContext;
import graphql.schema.DataFetchingEnvironment;

/** Who runs a GraphQL operation: the subject of the admin token, kept in the GraphQL context. */
final class Operator {

  static final String CONTEXT_KEY = "incident-stream.operator";

  private Operator() {}

  static String of(DataFetchingEnvironment env) {
    GraphQLContext context = env.getGraphQlContext();
    Object operator = context == null ? null : context.get(CONTEXT_KEY);
    return operator == null ? "unknown" : operator.toString();
  }
}
