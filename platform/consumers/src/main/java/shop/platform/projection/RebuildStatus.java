package shop.platform.projection;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * A read model's last rebuild on this instance: {@code state} is {@code running}, {@code done} or {@code failed};
 * {@code eventsReplayed} counts the events read back, {@code eventsSkipped} those that could not be applied (they
 * went to the dead-letter topic when first consumed).
 */
public record RebuildStatus(String name, String state, Instant startedAt, Instant finishedAt, long eventsReplayed,
    long eventsSkipped, String error) {

  public static RebuildStatus running(String name) {
    return new RebuildStatus(name, "running", Instant.now(), null, 0, 0, null);
  }

  @JsonIgnore
  public boolean isRunning() {
    return "running".equals(state);
  }

  public RebuildStatus progress(long replayed, long skipped) {
    return new RebuildStatus(name, state, startedAt, finishedAt, replayed, skipped, error);
  }

  public RebuildStatus done() {
    return new RebuildStatus(name, "done", startedAt, Instant.now(), eventsReplayed, eventsSkipped, null);
  }

  public RebuildStatus failed(String why) {
    return new RebuildStatus(name, "failed", startedAt, Instant.now(), eventsReplayed, eventsSkipped, why);
  }
}
