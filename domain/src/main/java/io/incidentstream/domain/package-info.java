/**
 * Plain-Java core of Incident Stream: model, events, filters, subscription index and the /ws
 * protocol codec. No framework, no I/O: usable from a client, a test or JMH.
 */
@NullMarked
package io.incidentstream.domain;

import org.jspecify.annotations.NullMarked;
