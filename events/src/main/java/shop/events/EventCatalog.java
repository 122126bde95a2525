package shop.events;

import java.util.Map;

/** Which payload record each event type carries; example payloads are at {@code /examples/<type>.json}. */
public final class EventCatalog {
  public static final Map<String, Class<?>> PAYLOADS = Map.ofEntries(
      Map.entry(EventTypes.PRODUCT_CREATED, ProductEvent.class),
      Map.entry(EventTypes.PRODUCT_UPDATED, ProductEvent.class),
      Map.entry(EventTypes.LOCATION_CREATED, LocationCreatedEvent.class),
      Map.entry(EventTypes.STOCK_CHANGED, StockChangedEvent.class),
      Map.entry(EventTypes.SALE_COMPLETED, SaleCompletedEvent.class),
      Map.entry(EventTypes.SALE_RETURNED, SaleReturnedEvent.class),
      Map.entry(EventTypes.CART_CREATED, CartEvent.Created.class),
      Map.entry(EventTypes.CART_ITEM_ADDED, CartEvent.ItemAdded.class),
      Map.entry(EventTypes.CART_ITEM_QUANTITY_CHANGED, CartEvent.ItemQuantityChanged.class),
      Map.entry(EventTypes.CART_ITEM_REMOVED, CartEvent.ItemRemoved.class),
      Map.entry(EventTypes.CART_CLEARED, CartEvent.Cleared.class),
      Map.entry(EventTypes.CART_MERGED, CartEvent.Merged.class),
      Map.entry(EventTypes.CART_MERGED_INTO, CartEvent.MergedInto.class),
      Map.entry(EventTypes.CART_ABANDONED, CartEvent.Abandoned.class),
      Map.entry(EventTypes.CART_CHECKOUT_STARTED, CartEvent.CheckoutStarted.class),
      Map.entry(EventTypes.CART_CHECKED_OUT, CartEvent.CheckedOut.class),
      Map.entry(EventTypes.CART_REOPENED, CartEvent.Reopened.class));

  private static final Map<Class<?>, String> CART_TYPES = PAYLOADS.entrySet().stream()
      .filter(e -> CartEvent.class.isAssignableFrom(e.getValue()))
      .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

  /** The event type of a cart event payload. */
  public static String typeOf(CartEvent e) {
    return CART_TYPES.get(e.getClass());
  }

  private EventCatalog() {
  }
}
