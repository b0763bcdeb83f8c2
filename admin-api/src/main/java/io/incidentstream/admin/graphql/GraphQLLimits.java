package io.incidentstream.admin.graphql;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * The {@code stream.graphql.*} limits on one operation, checked before it runs.
 *
 * @param maxDepth deepest field nesting (the standard introspection query needs 13)
 * @param maxComplexity most fields in one operation, the fields under a list argument {@code first}
 *     or {@code last} counted that many times
 */
@ConfigurationProperties("stream.graphql")
public record GraphQLLimits(
    @Bindable(defaultValue = "15") int maxDepth,
    @Bindable(defaultValue = "25000") int maxComplexity) {}
