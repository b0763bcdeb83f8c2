@NullMarked
package io.incidentstream.streaming.metrics;

import org.jspecify.annotations.NullMarked;
