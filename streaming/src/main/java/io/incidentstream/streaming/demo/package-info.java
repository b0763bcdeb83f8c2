@NullMarked
package io.incidentstream.streaming.demo;

import org.jspecify.annotations.NullMarked;
