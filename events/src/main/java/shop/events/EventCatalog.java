package shop.events;

import java.util.Map;

/** Which payload record each event type carries; example payloads are at {@code /examples/<type>.json}. */
public final class EventCatalog {
  public static final Map<String, Class<?>> PAYLOADS = Map.of(
      EventTypes.PRODUCT_CREATED, ProductEvent.class,
      EventTypes.PRODUCT_UPDATED, ProductEvent.class,
      EventTypes.LOCATION_CREATED, LocationCreatedEvent.class,
      EventTypes.STOCK_CHANGED, StockChangedEvent.class,
      EventTypes.SALE_COMPLETED, SaleCompletedEvent.class,
      EventTypes.SALE_RETURNED, SaleReturnedEvent.class);

  private EventCatalog() {
  }
}
