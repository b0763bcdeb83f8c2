@NullMarked
package io.incidentstream.streaming.ingest;

import org.jspecify.annotations.NullMarked;
