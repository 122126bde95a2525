package shop.events;

/**
 * Lifecycle of an order; {@link #wire()} is the name in the API and read models. {@code placed} (stock being
 * reserved) ends {@code confirmed} or {@code rejected}; a confirmed order ends {@code fulfilled} or {@code cancelled}.
 */
public enum OrderStatus {
  PLACED("placed"),
  CONFIRMED("confirmed"),
  REJECTED("rejected"),
  CANCELLED("cancelled"),
  FULFILLED("fulfilled");

  private final String wire;

  OrderStatus(String wire) {
    this.wire = wire;
  }

  public String wire() {
    return wire;
  }

  /** The status an order event leads to. */
  public static OrderStatus after(OrderEvent event) {
    if (event instanceof OrderEvent.Placed) {
      return PLACED;
    }
    if (event instanceof OrderEvent.Confirmed) {
      return CONFIRMED;
    }
    if (event instanceof OrderEvent.Rejected) {
      return REJECTED;
    }
    return event instanceof OrderEvent.Cancelled ? CANCELLED : FULFILLED;
  }
}
