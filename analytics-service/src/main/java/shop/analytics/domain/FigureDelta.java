package shop.analytics.domain;

import java.time.Instant;

/**
 * What events add to (or, negative, take from) a location's figures in one bucket and currency. Revenue is in minor
 * units of the currency.
 */
public record FigureDelta(String locationId, Instant bucket, String currency, long orders, long revenue, long items,
    long cartsCreated, long cartsCheckedOut, long cartsAbandoned) {

  /** The key its row is upserted under (one row per location, bucket and currency). */
  public String key() {
    return locationId + '\n' + bucket + '\n' + currency;
  }

  public FigureDelta plus(FigureDelta o) {
    return new FigureDelta(locationId, bucket, currency, orders + o.orders, revenue + o.revenue, items + o.items,
        cartsCreated + o.cartsCreated, cartsCheckedOut + o.cartsCheckedOut, cartsAbandoned + o.cartsAbandoned);
  }

  public static FigureDelta orders(String locationId, Instant at, String currency, long orders, long revenue,
      long items) {
    return new FigureDelta(locationId, Bucket.of(at), currency, orders, revenue, items, 0, 0, 0);
  }

  public static FigureDelta carts(String locationId, Instant at, String currency, long created, long checkedOut,
      long abandoned) {
    return new FigureDelta(locationId, Bucket.of(at), currency, 0, 0, 0, created, checkedOut, abandoned);
  }
}
