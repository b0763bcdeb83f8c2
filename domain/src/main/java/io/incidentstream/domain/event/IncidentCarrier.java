package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Incident;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.Severity;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An event that carries a whole incident: every filter key tests that incident. */
sealed interface IncidentCarrier extends IncidentEvent
    permits IncidentCreated, IncidentUpdated, IncidentResolved, IncidentClosed {

  Incident incident();

  @Override
  default Severity filterSeverity() {
    return incident().severity();
  }

  @Override
  default IncidentState filterState() {
    return incident().state();
  }

  @Override
  default String filterSource() {
    return incident().source();
  }

  @Override
  default List<String> filterResources() {
    return incident().affectedResources();
  }

  @Override
  default Map<String, String> filterLabels() {
    return incident().labels();
  }

  @Override
  default UUID filterIncidentId() {
    return incident().id();
  }
}
