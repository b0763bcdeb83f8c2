package io.incidentstream.domain.json;

import io.incidentstream.domain.event.EventType;
import io.incidentstream.domain.model.IncidentState;
import io.incidentstream.domain.model.IncidentType;
import io.incidentstream.domain.model.Priority;
import io.incidentstream.domain.model.ResolutionMethod;
import io.incidentstream.domain.model.Severity;
import io.incidentstream.domain.model.WireEnum;
import io.incidentstream.domain.model.WireEnums;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/** Reads a {@link WireEnum} by its exact, case-sensitive wire spelling. Immutable. */
public final class WireEnumReader<E extends Enum<E> & WireEnum> implements JsonConverter<E> {

  public static final WireEnumReader<Severity> SEVERITY = of("severity", Severity.values());
  public static final WireEnumReader<IncidentState> STATE = of("state", IncidentState.values());
  public static final WireEnumReader<IncidentType> INCIDENT_TYPE =
      of("incident type", IncidentType.values());
  public static final WireEnumReader<ResolutionMethod> RESOLUTION_METHOD =
      of("resolution method", ResolutionMethod.values());
  public static final WireEnumReader<EventType> EVENT_TYPE = of("event type", EventType.values());
  public static final WireEnumReader<Priority> PRIORITY = of("priority", Priority.values());

  private final String kind;
  private final Map<String, E> byWire;
  private final String expected;

  private WireEnumReader(String kind, E[] values) {
    this.kind = kind;
    this.byWire = WireEnums.index(values);
    this.expected = Arrays.stream(values).map(WireEnum::wire).collect(Collectors.joining(", "));
  }

  public static <E extends Enum<E> & WireEnum> WireEnumReader<E> of(String kind, E[] values) {
    return new WireEnumReader<>(kind, values);
  }

  @Override
  public E convert(Object value, String path) {
    String wire = JsonValues.string(value, path);
    E result = byWire.get(wire);
    if (result == null) {
      throw new JsonInputException(
          path,
          "unknown " + kind + " " + JsonValues.quote(wire) + " (expected one of " + expected + ")");
    }
    return result;
  }
}
