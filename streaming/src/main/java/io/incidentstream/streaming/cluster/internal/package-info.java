/**
 * The {@link io.incidentstream.streaming.cluster.ClusterBus} and {@link
 * io.incidentstream.streaming.cluster.ClusterMembership} implementations: in-process for embedded
 * mode; over Redis with Lettuce when {@code redis.uri} is set ({@link
 * io.incidentstream.streaming.cluster.internal.LettuceClusterBus}, which describes the design).
 */
@NullMarked
package io.incidentstream.streaming.cluster.internal;

import org.jspecify.annotations.NullMarked;
