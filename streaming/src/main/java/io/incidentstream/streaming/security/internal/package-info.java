/**
 * micronaut-security-jwt wiring: the signing secret and JWKS as the library's signature
 * configurations, the token verifier built on the library's parser and signature validator, token
 * readers for the WebSocket subprotocol and query parameter, the handshake filter, the HTTP rules
 * and their JSON errors, and the embedded default's printed tokens.
 */
@NullMarked
package io.incidentstream.streaming.security.internal;

import org.jspecify.annotations.NullMarked;
