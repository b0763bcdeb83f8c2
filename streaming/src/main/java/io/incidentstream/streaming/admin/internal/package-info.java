/** The admin ports' implementations. */
@NullMarked
package io.incidentstream.streaming.admin.internal;

import org.jspecify.annotations.NullMarked;
