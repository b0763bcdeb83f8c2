package io.incidentstream.streaming.ws;

/** Published once a session is registered and its {@code welcome} is queued. */
public record SessionOpenedEvent(StreamSession session) {}
