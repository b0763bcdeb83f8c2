/** The client's machinery: the connection state machine, backoff, hand-off, token expiry. */
@NullMarked
package io.incidentstream.client.internal;

import org.jspecify.annotations.NullMarked;
