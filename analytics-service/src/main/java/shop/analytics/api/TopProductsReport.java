package shop.analytics.api;

import java.time.LocalDate;
import java.util.List;

/** The best-selling products of a location over its days {@code from}..{@code to}, by units or revenue. */
public record TopProductsReport(String locationId, String timeZone, String currency, LocalDate from, LocalDate to,
    String by, List<TopProduct> items) {
}
