/**
 * Who may do what (DESIGN section 7): JWT bearer tokens, checked on the {@code /ws} handshake, on a
 * {@code refresh} and on every HTTP request; roles ({@link Role}) and the tenants a token may see.
 * The types here name no framework; the micronaut-security wiring lives in {@code internal}.
 */
@NullMarked
package io.incidentstream.streaming.security;

import org.jspecify.annotations.NullMarked;
