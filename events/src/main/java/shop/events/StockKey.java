package shop.events;

/** The Kafka key (and CloudEvents subject) of a stock level: {@code locationId:productId}. Ids hold no colon. */
public record StockKey(String locationId, String productId) {

  /** The key of one stock level. */
  public static String of(String locationId, String productId) {
    return locationId + ":" + productId;
  }

  /** The stock level a key names; an IllegalArgumentException when it is not {@code locationId:productId}. */
  public static StockKey parse(String key) {
    int colon = key == null ? -1 : key.indexOf(':');
    if (colon <= 0 || colon == key.length() - 1 || key.indexOf(':', colon + 1) >= 0) {
      throw new IllegalArgumentException("not a stock key (locationId:productId): " + key);
    }
    return new StockKey(key.substring(0, colon), key.substring(colon + 1));
  }

  @Override
  public String toString() {
    return of(locationId, productId);
  }
}
