/**
 * How events travel between instances ({@link io.incidentstream.streaming.cluster.ClusterBus}) and
 * which instances there are ({@link io.incidentstream.streaming.cluster.ClusterMembership}).
 */
@NullMarked
package io.incidentstream.streaming.cluster;

import org.jspecify.annotations.NullMarked;
