@NullMarked
package io.incidentstream.streaming.limits;

import org.jspecify.annotations.NullMarked;
