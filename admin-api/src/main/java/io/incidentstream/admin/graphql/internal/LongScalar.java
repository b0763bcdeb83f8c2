package io.incidentstream.admin.graphql.internal;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.IntValue;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.CoercingSerializeException;
import graphql.schema.GraphQLScalarType;
import java.math.BigInteger;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The schema's {@code Long}: a 64-bit integer, written as a JSON number; read from a number or a
 * decimal string (clients that cannot hold 64 bits send strings).
 */
final class LongScalar {

  static final GraphQLScalarType LONG =
      GraphQLScalarType.newScalar()
          .name("Long")
          .description("A 64-bit integer")
          .coercing(new LongCoercing())
          .build();

  private LongScalar() {}

  private static final class LongCoercing implements Coercing<Long, Long> {

    @Override
    public Long serialize(Object value, GraphQLContext context, Locale locale) {
      if (value instanceof Number n) {
        return n.longValue();
      }
      throw new CoercingSerializeException("not a Long: " + value);
    }

    @Override
    public Long parseValue(Object input, GraphQLContext context, Locale locale) {
      Long value = parse(input);
      if (value == null) {
        throw new CoercingParseValueException("expected a 64-bit integer, got " + input);
      }
      return value;
    }

    @Override
    public Long parseLiteral(
        Value<?> input, CoercedVariables variables, GraphQLContext context, Locale locale) {
      Long value = null;
      if (input instanceof IntValue i) {
        value = parse(i.getValue());
      } else if (input instanceof StringValue s) {
        value = parse(s.getValue());
      }
      if (value == null) {
        throw new CoercingParseLiteralException("expected a 64-bit integer, got " + input);
      }
      return value;
    }

    private static @Nullable Long parse(Object input) {
      try {
        if (input instanceof BigInteger big) {
          return big.longValueExact();
        }
        if (input instanceof Integer || input instanceof Long) {
          return ((Number) input).longValue();
        }
        if (input instanceof String s) {
          return Long.parseLong(s.trim());
        }
      } catch (ArithmeticException | NumberFormatException e) {
        return null;
      }
      return null;
    }
  }
}
