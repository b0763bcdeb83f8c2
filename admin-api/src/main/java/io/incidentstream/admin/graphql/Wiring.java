package io.incidentstream.admin.graphql;

import graphql.schema.idl.RuntimeWiring;

/**
 * Adds data fetchers to the schema's runtime wiring: every bean of this type is applied once, when
 * the {@code GraphQL} bean is built. The types live in {@code graphql/schema.graphqls}; a wiring
 * only attaches behaviour to them (the subscriptions' fetchers, for instance).
 */
public interface Wiring {

  void contribute(RuntimeWiring.Builder wiring);
}
