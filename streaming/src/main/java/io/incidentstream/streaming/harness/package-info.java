/**
 * Public seams onto the hot path for benchmarks and tools (the {@code perf} module), so that they
 * never reach into {@code internal} packages.
 */
@NullMarked
package io.incidentstream.streaming.harness;

import org.jspecify.annotations.NullMarked;
