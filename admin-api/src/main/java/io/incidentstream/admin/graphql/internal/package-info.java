/** Data fetchers, scalars, limits and error mapping of the GraphQL admin API. */
@NullMarked
package io.incidentstream.admin.graphql.internal;

import org.jspecify.annotations.NullMarked;
