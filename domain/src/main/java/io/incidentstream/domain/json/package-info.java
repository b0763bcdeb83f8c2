@NullMarked
package io.incidentstream.domain.json;

import org.jspecify.annotations.NullMarked;
