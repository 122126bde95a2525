package shop.analytics.domain;

import java.time.Instant;

/** Units and revenue (minor units) a product gains or loses at a location in one bucket and currency. */
public record ProductDelta(String locationId, String productId, Instant bucket, String currency, long units,
    long revenue) {

  public String key() {
    return locationId + '\n' + bucket + '\n' + productId + '\n' + currency;
  }

  public ProductDelta plus(ProductDelta o) {
    return new ProductDelta(locationId, productId, bucket, currency, units + o.units, revenue + o.revenue);
  }

  public static ProductDelta of(String locationId, String productId, Instant at, String currency, long units,
      long revenue) {
    return new ProductDelta(locationId, productId, Bucket.of(at), currency, units, revenue);
  }
}
