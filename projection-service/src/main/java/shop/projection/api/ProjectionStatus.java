package shop.projection.api;

import java.time.Instant;

/**
 * {@code GET /projections}: one read model's position and lag ({@code eventsBehind} null until first measured), and
 * its last rebuild on this instance (null when none).
 */
public record ProjectionStatus(String name, String topic, Long eventsBehind, double secondsBehind, Instant lastEventAt,
    Instant lastAppliedAt, long eventsApplied, RebuildStatus rebuild) {

  public ProjectionStatus withRebuild(RebuildStatus r) {
    return new ProjectionStatus(name, topic, eventsBehind, secondsBehind, lastEventAt, lastAppliedAt, eventsApplied, r);
  }
}
