package shop.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Events of a location on {@code location-events} (key = locationId). */
public sealed interface LocationEvent permits LocationEvent.Created {

  String locationId();

  /** {@code location.created.v1}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Created(String locationId, String name) implements LocationEvent {
  }
}
