package io.incidentstream.streaming.limits;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The JSON body of a refused {@code /ws} upgrade: {@code {"error":"CODE","message":"…"}}, where
 * {@code error} is the reason a client can branch on. Immutable.
 */
@Serdeable
public record ConnectionRefusal(String error, String message) {}
