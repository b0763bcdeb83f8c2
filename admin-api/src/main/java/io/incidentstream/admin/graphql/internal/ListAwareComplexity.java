package io.incidentstream.admin.graphql.internal;

import graphql.analysis.FieldComplexityCalculator;
import graphql.analysis.FieldComplexityEnvironment;
import java.util.Map;

/**
 * A field costs 1 plus its children, the children counted {@code first} (or {@code last}) times
 * when the field takes such an argument: {@code sessions(first: 500)} costs what it will read.
 */
final class ListAwareComplexity implements FieldComplexityCalculator {

  @Override
  public int calculate(FieldComplexityEnvironment environment, int childComplexity) {
    return 1 + childComplexity * Math.max(1, listSize(environment.getArguments()));
  }

  private static int listSize(Map<String, Object> arguments) {
    Object size = arguments.get("first");
    if (size == null) {
      size = arguments.get("last");
    }
    return size instanceof Integer n ? n : 1;
  }
}
