package shop.analytics.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Live activity of a location from its sales per minute (event time): sales in the last 5 minutes and the last hour,
 * read against the wall clock, so a location that stops selling drops to 0 five minutes after its last sale whether
 * or not another event comes. A minute counts while any part of it is within the span (the current minute and the 4
 * before it for 5 minutes). A busy location (more than {@code busyAbove} sales in 5 minutes) gets the short polling
 * hint, any other the long one.
 */
public record Activity(long salesLast5Min, long salesLastHour, Instant lastSaleAt, long suggestedPollSeconds) {
  public static final Duration MINUTE = Duration.ofMinutes(1);
  public static final Duration HOUR = Duration.ofHours(1);

  /** The polling hint's rule. */
  public record Rule(long busyAbove, Duration busyPoll, Duration quietPoll) {
  }

  /**
   * @param perMinute sales per minute, keyed by the minute's start (minutes outside the last hour are ignored)
   * @param lastSaleAt the location's latest sale, or null
   */
  public static Activity of(Map<Instant, Long> perMinute, Instant lastSaleAt, Instant now, Rule rule) {
    Instant thisMinute = startOfMinute(now);
    Instant fiveMinutes = thisMinute.minus(MINUTE.multipliedBy(4));
    Instant hour = thisMinute.minus(MINUTE.multipliedBy(59));
    long last5 = 0;
    long lastHour = 0;
    for (Map.Entry<Instant, Long> e : perMinute.entrySet()) {
      Instant minute = e.getKey();
      if (minute.isAfter(thisMinute) || minute.isBefore(hour)) {
        continue;
      }
      lastHour += e.getValue();
      if (!minute.isBefore(fiveMinutes)) {
        last5 += e.getValue();
      }
    }
    Duration poll = last5 > rule.busyAbove() ? rule.busyPoll() : rule.quietPoll();
    return new Activity(last5, lastHour, lastSaleAt, poll.toSeconds());
  }

  /** The first minute an activity read looks at: the window store is read from there to now. */
  public static Instant hourStart(Instant now) {
    return startOfMinute(now).minus(MINUTE.multipliedBy(59));
  }

  public static Instant startOfMinute(Instant at) {
    long s = at.getEpochSecond();
    return Instant.ofEpochSecond(s - Math.floorMod(s, 60));
  }
}
