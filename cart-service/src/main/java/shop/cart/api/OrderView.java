package shop.cart.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import shop.cart.domain.Order;
import shop.events.Money;
import shop.events.OrderLine;
import shop.events.StockShortfall;

/**
 * An order as cart-service's event store holds it: what was placed, its status, the lines stock could not reserve
 * (when rejected for a shortfall) and every status it reached, with times and reasons.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(String id, String cartId, long cartVersion, String ownerId, String locationId, String status,
    long version, List<OrderLine> lines, int itemCount, Money total, Instant placedAt, Instant reserveBy,
    List<StockShortfall> shortfalls, List<StatusChange> history) {

  /** One status the order reached. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StatusChange(String status, Instant at, String reason) {
  }

  /** The answer to a checkout: the order placed (or found again, for a retry). */
  public record Placed(String orderId) {
  }

  public static OrderView of(Order o) {
    var p = o.placed();
    return new OrderView(o.id(), p.cartId(), p.cartVersion(), p.ownerId(), p.locationId(), o.status().wire(),
        o.version(), p.lines(), p.lines().stream().mapToInt(OrderLine::quantity).sum(), p.total(), p.placedAt(),
        p.reserveBy(), o.shortfalls().isEmpty() ? null : o.shortfalls(),
        o.history().stream().map(h -> new StatusChange(h.status().wire(), h.at(), h.reason())).toList());
  }
}
