@NullMarked
package io.incidentstream.domain.port;

import org.jspecify.annotations.NullMarked;
