package shop.analytics.api;

import java.math.BigDecimal;
import java.time.LocalDate;

import shop.analytics.domain.DaySums;
import shop.events.Money;

/** A location's figures for one of its days ({@code GET /analytics/daily}); see {@link DaySums} for the ratios. */
public record DailyFigures(LocalDate date, long orders, Money revenue, Money averageOrderValue,
    BigDecimal itemsPerOrder, long cartsCreated, long cartsCheckedOut, long cartsAbandoned,
    BigDecimal abandonmentRate, BigDecimal conversionRate) {

  public static DailyFigures of(DaySums s, String currency) {
    return new DailyFigures(s.date(), s.orders(), new Money(s.revenue(), currency), s.averageOrderValue(currency),
        s.itemsPerOrder(), s.cartsCreated(), s.cartsCheckedOut(), s.cartsAbandoned(), s.abandonmentRate(),
        s.conversionRate());
  }
}
