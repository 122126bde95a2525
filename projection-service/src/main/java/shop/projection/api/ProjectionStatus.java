package shop.projection.api;

import java.time.Instant;

/** {@code GET /projections}: one read model's position and lag ({@code eventsBehind} null until first measured). */
public record ProjectionStatus(String name, String topic, Long eventsBehind, double secondsBehind, Instant lastEventAt,
    Instant lastAppliedAt, long eventsApplied) {
}
