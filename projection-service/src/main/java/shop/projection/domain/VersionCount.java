package shop.projection.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * What a batch's events of one aggregate did to a view that held {@code previous}: versions up to it are duplicates;
 * each newer one is applied (the view now holds the newest), and a version that skips ahead of the one before it
 * leaves a gap (events missing or still to come).
 */
public record VersionCount(long applied, long duplicates, List<Gap> gaps) {

  /** The view jumped from version {@code from} to {@code to}. */
  public record Gap(long from, long to) {
  }

  public static VersionCount of(List<Long> batchVersions, long previous) {
    long expected = previous;
    long applied = 0;
    long duplicates = 0;
    List<Gap> gaps = new ArrayList<>();
    for (long v : batchVersions.stream().sorted().toList()) {
      if (v <= expected) {
        duplicates++;
        continue;
      }
      if (v > expected + 1) {
        gaps.add(new Gap(expected, v));
      }
      expected = v;
      applied++;
    }
    return new VersionCount(applied, duplicates, List.copyOf(gaps));
  }
}
