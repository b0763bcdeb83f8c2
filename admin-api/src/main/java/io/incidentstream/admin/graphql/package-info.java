/**
 * The GraphQL admin API at {@code /graphql}: the schema ({@code graphql/schema.graphqls}), the
 * {@code GraphQL} bean and its extension point ({@link io.incidentstream.admin.graphql.Wiring}),
 * the error codes; query and mutation fetchers in {@code internal}.
 */
@NullMarked
package io.incidentstream.admin.graphql;

import org.jspecify.annotations.NullMarked;
