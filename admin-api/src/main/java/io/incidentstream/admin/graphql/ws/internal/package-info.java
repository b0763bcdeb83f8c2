/** The Netty side of {@code /graphql-ws}: the socket a connection writes to and closes. */
@NullMarked
package io.incidentstream.admin.graphql.ws.internal;

import org.jspecify.annotations.NullMarked;
