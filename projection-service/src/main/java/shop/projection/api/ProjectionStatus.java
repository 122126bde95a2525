package shop.projection.api;

import java.time.Instant;

import shop.platform.projection.RebuildStatus;

/**
 * {@code GET /projections}: one read model's position and lag ({@code eventsBehind} null until first measured: the
 * records not yet consumed plus {@code eventsWaiting}, those received but set aside until a missing earlier one
 * arrives, waiting since {@code waitingSince}), and its last rebuild on this instance (null when none).
 */
public record ProjectionStatus(String name, String topic, Long eventsBehind, double secondsBehind, Instant lastEventAt,
    Instant lastAppliedAt, long eventsApplied, long eventsWaiting, Instant waitingSince, RebuildStatus rebuild) {

  public ProjectionStatus withRebuild(RebuildStatus r) {
    return new ProjectionStatus(name, topic, eventsBehind, secondsBehind, lastEventAt, lastAppliedAt, eventsApplied,
        eventsWaiting, waitingSince, r);
  }
}
