package shop.analytics.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Days {@code from}..{@code to} (both included) of a location, in its zone: the UTC instants they span. */
public record DayRange(LocalDate from, LocalDate to) {
  public DayRange {
    if (from.isAfter(to)) {
      throw new IllegalArgumentException("from is after to");
    }
  }

  public long days() {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }

  /** The first instant of {@code from} in the zone. */
  public Instant start(ZoneId zone) {
    return Bucket.startOf(from, zone);
  }

  /** The first instant after {@code to} in the zone. */
  public Instant end(ZoneId zone) {
    return Bucket.startOf(to.plusDays(1), zone);
  }

  /** When each day starts in the zone, and after the last one when it ends: {@link #days()} + 1 instants. */
  public List<Instant> bounds(ZoneId zone) {
    List<Instant> bounds = new ArrayList<>();
    each().forEach(d -> bounds.add(Bucket.startOf(d, zone)));
    bounds.add(end(zone));
    return bounds;
  }

  public List<LocalDate> each() {
    List<LocalDate> all = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      all.add(d);
    }
    return all;
  }
}
