package shop.events;

/** Kafka topic names of the public contract (../shared/API.md). Key = aggregate id. */
public final class Topics {
  public static final String PRODUCT_EVENTS = "product-events";
  public static final String LOCATION_EVENTS = "location-events";
  public static final String STOCK_EVENTS = "stock-events";
  public static final String SALE_EVENTS = "sale-events";
  public static final String RESERVATION_EVENTS = "reservation-events";
  public static final String CART_EVENTS = "cart-events";
  public static final String ORDER_EVENTS = "order-events";

  /** Every domain topic, e.g. for creating them up front. */
  public static final java.util.List<String> ALL = java.util.List.of(
      PRODUCT_EVENTS, LOCATION_EVENTS, STOCK_EVENTS, SALE_EVENTS, RESERVATION_EVENTS, CART_EVENTS, ORDER_EVENTS);

  /** The dead-letter topic of a source topic. */
  public static String deadLetter(String topic) {
    return topic + ".dlq";
  }

  private Topics() {
  }
}
