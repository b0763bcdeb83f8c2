@NullMarked
package io.incidentstream.streaming.config;

import org.jspecify.annotations.NullMarked;
