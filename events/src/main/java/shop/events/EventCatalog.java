package shop.events;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every event of the public contract: its type, the payload record that carries it and the topic it goes to.
 * Example payloads are at {@code /examples/<type>.json}; the README's event table is checked against this catalogue.
 */
public final class EventCatalog {

  /** One event type of the contract. */
  public record Entry(String type, String topic, Class<?> payload) {
  }

  public static final Map<String, Entry> ENTRIES = Map.ofEntries(
      entry(EventTypes.PRODUCT_CREATED, Topics.PRODUCT_EVENTS, ProductEvent.Created.class),
      entry(EventTypes.PRODUCT_UPDATED, Topics.PRODUCT_EVENTS, ProductEvent.Updated.class),
      entry(EventTypes.LOCATION_CREATED, Topics.LOCATION_EVENTS, LocationEvent.Created.class),
      entry(EventTypes.STOCK_CHANGED, Topics.STOCK_EVENTS, StockEvent.Changed.class),
      entry(EventTypes.SALE_COMPLETED, Topics.SALE_EVENTS, SaleEvent.Completed.class),
      entry(EventTypes.SALE_RETURNED, Topics.SALE_EVENTS, SaleEvent.Returned.class),
      entry(EventTypes.CART_CREATED, Topics.CART_EVENTS, CartEvent.Created.class),
      entry(EventTypes.CART_ITEM_ADDED, Topics.CART_EVENTS, CartEvent.ItemAdded.class),
      entry(EventTypes.CART_ITEM_QUANTITY_CHANGED, Topics.CART_EVENTS, CartEvent.ItemQuantityChanged.class),
      entry(EventTypes.CART_ITEM_REMOVED, Topics.CART_EVENTS, CartEvent.ItemRemoved.class),
      entry(EventTypes.CART_CLEARED, Topics.CART_EVENTS, CartEvent.Cleared.class),
      entry(EventTypes.CART_MERGED, Topics.CART_EVENTS, CartEvent.Merged.class),
      entry(EventTypes.CART_MERGED_INTO, Topics.CART_EVENTS, CartEvent.MergedInto.class),
      entry(EventTypes.CART_ABANDONED, Topics.CART_EVENTS, CartEvent.Abandoned.class),
      entry(EventTypes.CART_CHECKOUT_STARTED, Topics.CART_EVENTS, CartEvent.CheckoutStarted.class),
      entry(EventTypes.CART_CHECKED_OUT, Topics.CART_EVENTS, CartEvent.CheckedOut.class),
      entry(EventTypes.CART_REOPENED, Topics.CART_EVENTS, CartEvent.Reopened.class),
      entry(EventTypes.ORDER_PLACED, Topics.ORDER_EVENTS, OrderEvent.Placed.class),
      entry(EventTypes.ORDER_CONFIRMED, Topics.ORDER_EVENTS, OrderEvent.Confirmed.class),
      entry(EventTypes.ORDER_REJECTED, Topics.ORDER_EVENTS, OrderEvent.Rejected.class),
      entry(EventTypes.ORDER_CANCELLED, Topics.ORDER_EVENTS, OrderEvent.Cancelled.class),
      entry(EventTypes.ORDER_FULFILLED, Topics.ORDER_EVENTS, OrderEvent.Fulfilled.class),
      entry(EventTypes.RESERVATION_CONFIRMED, Topics.RESERVATION_EVENTS, ReservationEvent.Confirmed.class),
      entry(EventTypes.RESERVATION_REJECTED, Topics.RESERVATION_EVENTS, ReservationEvent.Rejected.class),
      entry(EventTypes.RESERVATION_RELEASED, Topics.RESERVATION_EVENTS, ReservationEvent.Released.class),
      entry(EventTypes.RESERVATION_EXPIRED, Topics.RESERVATION_EVENTS, ReservationEvent.Expired.class));

  /** Event type → payload record. */
  public static final Map<String, Class<?>> PAYLOADS = ENTRIES.values().stream()
      .collect(Collectors.toUnmodifiableMap(Entry::type, Entry::payload));

  private static final Map<Class<?>, String> TYPES = ENTRIES.values().stream()
      .collect(Collectors.toUnmodifiableMap(Entry::payload, Entry::type));

  /** The event type of a payload record of the contract. */
  public static String typeOf(Object payload) {
    String type = TYPES.get(payload.getClass());
    if (type == null) {
      throw new IllegalArgumentException("not an event of the contract: " + payload.getClass().getName());
    }
    return type;
  }

  /**
   * The payload record of {@code type}, which must be one of {@code family}'s (e.g. {@code ProductEvent}); an
   * IllegalArgumentException (a bad record, for a consumer) otherwise.
   */
  public static <T> Class<? extends T> payloadOf(String type, Class<T> family) {
    Class<?> payload = PAYLOADS.get(type);
    if (payload == null || !family.isAssignableFrom(payload)) {
      throw new IllegalArgumentException("not a " + family.getSimpleName() + " type: " + type);
    }
    return payload.asSubclass(family);
  }

  private static Map.Entry<String, Entry> entry(String type, String topic, Class<?> payload) {
    return Map.entry(type, new Entry(type, topic, payload));
  }

  private EventCatalog() {
  }
}
