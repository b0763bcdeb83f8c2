@NullMarked
package io.incidentstream.streaming.fanout.internal;

import org.jspecify.annotations.NullMarked;
