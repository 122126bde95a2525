package shop.analytics.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import shop.events.Money;

class DaySumsAndActivityTest {
  static final LocalDate DAY = LocalDate.parse("2026-06-01");
  static final Activity.Rule RULE = new Activity.Rule(10, Duration.ofSeconds(5), Duration.ofSeconds(30));

  @Test
  void ratiosOfADay() {
    DaySums s = new DaySums(DAY, 3, 1000, 7, 8, 2, 6);

    assertThat(s.averageOrderValue("EUR")).isEqualTo(new Money(333, "EUR"));
    assertThat(s.itemsPerOrder()).isEqualByComparingTo(new BigDecimal("2.33"));
    assertThat(s.abandonmentRate()).isEqualByComparingTo(new BigDecimal("0.75"));
    assertThat(s.conversionRate()).isEqualByComparingTo(new BigDecimal("0.25"));
  }

  @Test
  void ratiosWithNothingToDivideByAreNull() {
    DaySums empty = DaySums.empty(DAY);

    assertThat(empty.averageOrderValue("EUR")).isNull();
    assertThat(empty.itemsPerOrder()).isNull();
    assertThat(empty.abandonmentRate()).isNull();
    assertThat(empty.conversionRate()).isNull();
  }

  @Test
  void activityCountsTheLastFiveMinutesAndTheHourAgainstTheClock() {
    Instant now = Instant.parse("2026-06-01T12:10:20Z");
    Map<Instant, Long> perMinute = Map.of(
        Instant.parse("2026-06-01T12:10:00Z"), 2L, // this minute
        Instant.parse("2026-06-01T12:06:00Z"), 3L, // the oldest minute of the 5
        Instant.parse("2026-06-01T12:05:00Z"), 4L, // six minutes back: the hour only
        Instant.parse("2026-06-01T11:11:00Z"), 5L, // the oldest minute of the hour
        Instant.parse("2026-06-01T11:10:00Z"), 6L); // older than the hour

    Activity a = Activity.of(perMinute, Instant.parse("2026-06-01T12:10:05Z"), now, RULE);

    assertThat(a.salesLast5Min()).isEqualTo(5);
    assertThat(a.salesLastHour()).isEqualTo(14);
    assertThat(a.suggestedPollSeconds()).isEqualTo(30);
  }

  @Test
  void aQuietLocationDecaysToZeroFiveMinutesAfterItsLastSale() {
    Map<Instant, Long> perMinute = Map.of(Instant.parse("2026-06-01T12:00:00Z"), 20L);

    Activity busy = Activity.of(perMinute, null, Instant.parse("2026-06-01T12:04:59Z"), RULE);
    Activity later = Activity.of(perMinute, null, Instant.parse("2026-06-01T12:05:00Z"), RULE);

    assertThat(busy.salesLast5Min()).isEqualTo(20);
    assertThat(busy.suggestedPollSeconds()).isEqualTo(5);
    assertThat(later.salesLast5Min()).isZero();
    assertThat(later.salesLastHour()).isEqualTo(20);
    assertThat(later.suggestedPollSeconds()).isEqualTo(30);
  }
}
