@NullMarked
package io.incidentstream.domain.model;

import org.jspecify.annotations.NullMarked;
