/**
 * JMH benchmarks of the hot path: the subscription index against a linear scan, the {@code /ws}
 * codec, and fan-out of one event to many sessions. Run from {@code perf/target/benchmarks.jar}
 * (see the README, "Benchmarks (JMH)").
 */
@NullMarked
package io.incidentstream.perf.jmh;

import org.jspecify.annotations.NullMarked;
