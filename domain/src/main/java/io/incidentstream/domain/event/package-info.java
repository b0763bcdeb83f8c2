@NullMarked
package io.incidentstream.domain.event;

import org.jspecify.annotations.NullMarked;
