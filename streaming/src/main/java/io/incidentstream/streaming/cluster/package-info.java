@NullMarked
package io.incidentstream.streaming.cluster;

import org.jspecify.annotations.NullMarked;
