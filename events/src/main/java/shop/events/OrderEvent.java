package shop.events;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Events of an order on {@code order-events} (key = orderId, {@code ce_sequence} = the order's version). cart-service
 * places an order from a cart and follows it to its end (decision 0006; issue 11, not produced yet).
 */
public sealed interface OrderEvent permits OrderEvent.Placed, OrderEvent.Confirmed, OrderEvent.Rejected,
    OrderEvent.Cancelled, OrderEvent.Fulfilled {

  String orderId();

  /**
   * {@code order.placed.v1}: the cart at {@code cartVersion} became this order; stock must be reserved at the
   * location before {@code reserveBy}.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Placed(String orderId, String cartId, long cartVersion, String ownerId, String locationId,
      List<OrderLine> lines, Money total, Instant placedAt, Instant reserveBy) implements OrderEvent {
  }

  /** {@code order.confirmed.v1}: every line is reserved; stock-service commits the reservation (no expiry). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Confirmed(String orderId, String locationId, Instant confirmedAt) implements OrderEvent {
  }

  /**
   * {@code order.rejected.v1}: {@code reason} {@code insufficient-stock} (with the short lines) or {@code expired}
   * (no answer before {@code reserveBy}); the cart is open again.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Rejected(String orderId, String locationId, String reason, List<StockShortfall> shortfalls,
      Instant rejectedAt) implements OrderEvent {
  }

  /** {@code order.cancelled.v1}: a confirmed order given up before fulfilment; its stock is released. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Cancelled(String orderId, String locationId, String reason, Instant cancelledAt) implements OrderEvent {
  }

  /** {@code order.fulfilled.v1}: the goods were handed over or shipped; the reservation becomes a sale. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Fulfilled(String orderId, String locationId, Instant fulfilledAt) implements OrderEvent {
  }
}
