/** Small concurrency building blocks shared by the streaming packages (plain Java). */
@NullMarked
package io.incidentstream.streaming.concurrent;

import org.jspecify.annotations.NullMarked;
