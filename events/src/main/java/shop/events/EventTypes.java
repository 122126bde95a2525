package shop.events;

/**
 * CloudEvents {@code type} values of the public contract. A breaking change gets a new {@code .v2} type;
 * within one version, payloads only gain optional fields and consumers ignore fields they do not know.
 */
public final class EventTypes {
  public static final String PRODUCT_CREATED = "product.created.v1";
  public static final String PRODUCT_UPDATED = "product.updated.v1";
  public static final String LOCATION_CREATED = "location.created.v1";
  public static final String STOCK_CHANGED = "stock.changed.v1";
  public static final String SALE_COMPLETED = "sale.completed.v1";
  public static final String SALE_RETURNED = "sale.returned.v1";
  public static final String CART_CREATED = "cart.created.v1";
  public static final String CART_ITEM_ADDED = "cart.item-added.v1";
  public static final String CART_ITEM_QUANTITY_CHANGED = "cart.item-quantity-changed.v1";
  public static final String CART_ITEM_REMOVED = "cart.item-removed.v1";
  public static final String CART_CLEARED = "cart.cleared.v1";
  public static final String CART_MERGED = "cart.merged.v1";
  public static final String CART_MERGED_INTO = "cart.merged-into.v1";
  public static final String CART_ABANDONED = "cart.abandoned.v1";
  public static final String CART_CHECKOUT_STARTED = "cart.checkout-started.v1";
  public static final String CART_CHECKED_OUT = "cart.checked-out.v1";
  public static final String CART_REOPENED = "cart.reopened.v1";
  public static final String ORDER_PLACED = "order.placed.v1";
  public static final String ORDER_CONFIRMED = "order.confirmed.v1";
  public static final String ORDER_REJECTED = "order.rejected.v1";
  public static final String ORDER_CANCELLED = "order.cancelled.v1";
  public static final String ORDER_FULFILLED = "order.fulfilled.v1";
  public static final String RESERVATION_CONFIRMED = "reservation.confirmed.v1";
  public static final String RESERVATION_REJECTED = "reservation.rejected.v1";
  public static final String RESERVATION_RELEASED = "reservation.released.v1";
  public static final String RESERVATION_EXPIRED = "reservation.expired.v1";

  private EventTypes() {
  }
}
