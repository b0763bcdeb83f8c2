@NullMarked
package io.incidentstream.streaming.fanout;

import org.jspecify.annotations.NullMarked;
