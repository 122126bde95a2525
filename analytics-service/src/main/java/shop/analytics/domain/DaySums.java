package shop.analytics.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;

import shop.events.Money;

/**
 * A location's sums for one local day in one currency, and the figures derived from them:
 * <ul>
 * <li>{@code averageOrderValue} = revenue ÷ orders (rounded half-up to the minor unit);</li>
 * <li>{@code itemsPerOrder} = items ÷ orders (2 decimals);</li>
 * <li>{@code abandonmentRate} = carts abandoned ÷ (abandoned + checked out) that day: of the carts that ended that
 * day, the share given up (4 decimals);</li>
 * <li>{@code conversionRate} = carts checked out ÷ carts created that day (4 decimals);</li>
 * </ul>
 * each null when what it divides by is not positive.
 */
public record DaySums(LocalDate date, long orders, long revenue, long items, long cartsCreated, long cartsCheckedOut,
    long cartsAbandoned) {

  public static DaySums empty(LocalDate date) {
    return new DaySums(date, 0, 0, 0, 0, 0, 0);
  }

  public DaySums plus(DaySums o) {
    return new DaySums(date, orders + o.orders, revenue + o.revenue, items + o.items, cartsCreated + o.cartsCreated,
        cartsCheckedOut + o.cartsCheckedOut, cartsAbandoned + o.cartsAbandoned);
  }

  public Money averageOrderValue(String currency) {
    return orders <= 0
        ? null
        : new Money(BigDecimal.valueOf(revenue).divide(BigDecimal.valueOf(orders), 0, RoundingMode.HALF_UP)
            .longValueExact(), currency);
  }

  public BigDecimal itemsPerOrder() {
    return ratio(items, orders, 2);
  }

  public BigDecimal abandonmentRate() {
    return ratio(cartsAbandoned, cartsAbandoned + cartsCheckedOut, 4);
  }

  public BigDecimal conversionRate() {
    return ratio(cartsCheckedOut, cartsCreated, 4);
  }

  private static BigDecimal ratio(long a, long b, int scale) {
    return b <= 0 ? null : BigDecimal.valueOf(a).divide(BigDecimal.valueOf(b), scale, RoundingMode.HALF_UP);
  }
}
