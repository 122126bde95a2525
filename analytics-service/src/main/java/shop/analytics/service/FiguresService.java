package shop.analytics.service;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import shop.analytics.api.DailyFigures;
import shop.analytics.api.DailyReport;
import shop.analytics.api.TopProduct;
import shop.analytics.api.TopProductsReport;
import shop.analytics.config.AnalyticsConfig;
import shop.analytics.domain.DayRange;
import shop.analytics.domain.DaySums;
import shop.analytics.repository.FiguresQueries;
import shop.analytics.repository.FiguresQueries.LocationRow;
import shop.events.Money;
import shop.platform.problem.ProblemException;

/**
 * Daily figures and top products of a location over a range of its days, in one currency: the one asked for, else
 * the first its figures came in (a location normally trades in one).
 */
@ApplicationScoped
public class FiguresService {
  private final FiguresQueries queries;
  private final Pool pool;
  private final String defaultCurrency;

  public FiguresService(FiguresQueries queries, Pool pool, AnalyticsConfig config) {
    this.queries = queries;
    this.pool = pool;
    this.defaultCurrency = config.defaultCurrency();
  }

  /** The location, or 404 when no {@code location.created.v1} named it. */
  public Uni<LocationRow> location(String locationId) {
    return queries.location(pool, locationId).map(found -> found.orElseThrow(
        () -> ProblemException.notFound("no location " + locationId)));
  }

  /** Every day of the range, days without figures as zeros. */
  public Uni<DailyReport> daily(LocationRow location, DayRange range, String currency) {
    ZoneId zone = ZoneId.of(location.timeZone());
    String in = currencyOf(location, currency);
    return queries.days(pool, location.locationId(), in, range.each(), range.bounds(zone))
        .map(days -> new DailyReport(location.locationId(), location.timeZone(), in, range.from(), range.to(),
            dense(range, days, in)));
  }

  public Uni<TopProductsReport> top(LocationRow location, DayRange range, String currency, boolean byRevenue,
      int limit) {
    ZoneId zone = ZoneId.of(location.timeZone());
    String in = currencyOf(location, currency);
    return queries.top(pool, location.locationId(), in, range.start(zone), range.end(zone), byRevenue, limit)
        .map(rows -> {
          List<TopProduct> ranked = new ArrayList<>();
          for (int i = 0; i < rows.size(); i++) {
            FiguresQueries.ProductSums p = rows.get(i);
            ranked.add(new TopProduct(i + 1, p.productId(), p.units(), new Money(p.revenue(), in)));
          }
          return new TopProductsReport(location.locationId(), location.timeZone(), in, range.from(), range.to(),
              byRevenue ? "revenue" : "units", ranked);
        });
  }

  private static List<DailyFigures> dense(DayRange range, Map<LocalDate, DaySums> days, String currency) {
    return range.each().stream()
        .map(d -> DailyFigures.of(days.getOrDefault(d, DaySums.empty(d)), currency)).toList();
  }

  /** The asked currency, else the location's first, else (no figures yet) the configured default. */
  private String currencyOf(LocationRow location, String asked) {
    if (asked != null) {
      return asked;
    }
    return location.currency() != null ? location.currency() : defaultCurrency;
  }
}
