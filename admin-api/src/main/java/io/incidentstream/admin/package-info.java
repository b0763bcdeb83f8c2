/** The admin side: the GraphQL API over the domain ports, and the operator console. */
@NullMarked
package io.incidentstream.admin;

import org.jspecify.annotations.NullMarked;
