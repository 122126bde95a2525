package shop.projection.api;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import shop.events.Money;
import shop.events.OrderLine;
import shop.events.StockShortfall;

/**
 * The order read model: what was placed (lines with product names and prices as ordered, totals), its status, the
 * lines stock could not reserve (when rejected for a shortfall) and every status it reached, with times and reasons;
 * {@code shop.projection.domain.OrderFold} says how each order event changes it. Same shape as cart-service's order.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderView(String id, String cartId, long cartVersion, String ownerId, String locationId, String status,
    long version, List<OrderLine> lines, int itemCount, Money total, Instant placedAt, Instant reserveBy,
    List<StockShortfall> shortfalls, List<StatusChange> history) {

  /** One status the order reached. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record StatusChange(String status, Instant at, String reason) {
  }
}
