package shop.analytics.api;

import java.time.LocalDate;
import java.util.List;

/** Every day from {@code from} to {@code to} (the location's days, in its time zone), in one currency. */
public record DailyReport(String locationId, String timeZone, String currency, LocalDate from, LocalDate to,
    List<DailyFigures> items) {
}
