package shop.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** Payload of {@code location.created.v1} on {@code location-events} (key = locationId). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LocationCreatedEvent(String locationId, String name) {
}
