package io.incidentstream.domain.event;

import io.incidentstream.domain.model.Alert;
import io.incidentstream.domain.model.Severity;
import java.util.List;
import java.util.Map;

/** An event that carries an alert: severity, source, resources and labels come from it. */
sealed interface AlertCarrier extends IncidentEvent permits AlertReceived, AlertConverted {

  Alert alert();

  @Override
  default Severity filterSeverity() {
    return alert().severity();
  }

  @Override
  default String filterSource() {
    return alert().source();
  }

  @Override
  default List<String> filterResources() {
    return alert().affectedServices();
  }

  @Override
  default Map<String, String> filterLabels() {
    return alert().labels();
  }
}
