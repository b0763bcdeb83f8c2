@NullMarked
package io.incidentstream.streaming.ws;

import org.jspecify.annotations.NullMarked;
