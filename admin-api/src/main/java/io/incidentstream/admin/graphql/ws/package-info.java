/**
 * GraphQL over WebSocket at {@code /graphql-ws}: the graphql-transport-ws protocol (the {@code
 * PROTOCOL.md} of the reference graphql-ws implementation) executed on the application's {@code
 * GraphQL} bean, for the operator console and any standard graphql-ws client.
 *
 * <p>Why not micronaut-graphql's own handler: on Micronaut 4.10 it fails every connection on open,
 * decodes every {@code connection_init} payload as null (so no authentication through it), keeps
 * subscriptions running after the client leaves and never forgets a connection (DESIGN section 10).
 * Here: a small per-connection state machine ({@link
 * io.incidentstream.admin.graphql.ws.GraphQlWsConnection}) over a socket abstraction, whose Netty
 * implementation bounds what waits to be written and cancels every running operation when the
 * channel closes, however it closes.
 */
@NullMarked
package io.incidentstream.admin.graphql.ws;

import org.jspecify.annotations.NullMarked;
