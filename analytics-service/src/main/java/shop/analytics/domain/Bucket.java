package shop.analytics.domain;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Facts are added up in 15-minute buckets of UTC time. Every time zone in use today is a whole number of quarter
 * hours away from UTC, so a bucket never straddles two local days, and a location's day, in its own zone, is the
 * buckets from its local midnight to the next one (96 of them, or 92 and 100 on the days DST starts and ends).
 */
public final class Bucket {
  public static final Duration SIZE = Duration.ofMinutes(15);
  private static final long SECONDS = SIZE.toSeconds();

  private Bucket() {
  }

  /** The start of the bucket holding {@code at}. */
  public static Instant of(Instant at) {
    long s = at.getEpochSecond();
    return Instant.ofEpochSecond(s - Math.floorMod(s, SECONDS));
  }

  /** When {@code day} starts at a location in {@code zone} (its first bucket). */
  public static Instant startOf(LocalDate day, ZoneId zone) {
    return day.atStartOfDay(zone).toInstant();
  }
}
