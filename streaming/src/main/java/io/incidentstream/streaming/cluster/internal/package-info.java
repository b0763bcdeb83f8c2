/** The in-process {@link io.incidentstream.streaming.cluster.ClusterBus} of embedded mode. */
@NullMarked
package io.incidentstream.streaming.cluster.internal;

import org.jspecify.annotations.NullMarked;
