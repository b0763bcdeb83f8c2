@NullMarked
package io.incidentstream.streaming.history;

import org.jspecify.annotations.NullMarked;
