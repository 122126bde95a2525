package shop.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Events of a location on {@code location-events} (key = locationId). */
public sealed interface LocationEvent permits LocationEvent.Created {

  String locationId();

  /**
   * {@code location.created.v1}; {@code timeZone} (IANA id, added in issue 12) is the zone the location's days are
   * counted in; absent in events of locations created before it (their zone is stock-service's configured default).
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Created(String locationId, String name, String timeZone) implements LocationEvent {
  }
}
