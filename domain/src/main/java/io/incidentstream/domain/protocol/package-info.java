@NullMarked
package io.incidentstream.domain.protocol;

import org.jspecify.annotations.NullMarked;
