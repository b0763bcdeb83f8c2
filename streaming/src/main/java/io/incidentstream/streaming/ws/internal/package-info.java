@NullMarked
package io.incidentstream.streaming.ws.internal;

import org.jspecify.annotations.NullMarked;
