@NullMarked
package io.incidentstream.domain.filter;

import org.jspecify.annotations.NullMarked;
