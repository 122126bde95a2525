package shop.projection.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import shop.events.CartLineData;
import shop.events.Money;
import shop.events.StockShortfall;

/**
 * The cart read model (same shape as cart-service's cart state: {@code warnings} only after a checkout that could not
 * reserve every line, {@code orderId} once checked out); {@code shop.projection.domain.CartFold} says how each cart
 * event changes it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CartView(String id, String ownerId, String locationId, String status, long version, List<Line> lines,
    int itemCount, Money total, List<StockShortfall> warnings, String orderId) {

  public record Line(String productId, String name, int quantity, Money unitPrice, Money lineTotal) {
  }

  /** {@code GET /carts/{id}/summary}. */
  public record Summary(int itemCount, Money total, long version) {
  }

  public Summary summary() {
    return new Summary(itemCount, total, version);
  }

  /** A view with these lines, the totals computed from them; no warnings ({@code null} when empty). */
  public static CartView of(String id, String ownerId, String locationId, String status, long version,
      List<CartLineData> data, String currency, List<StockShortfall> warnings, String orderId) {
    List<Line> lines = data.stream()
        .map(l -> new Line(l.productId(), l.name(), l.quantity(), l.unitPrice(), l.unitPrice().times(l.quantity())))
        .toList();
    Money total = Money.zero(currency);
    int count = 0;
    for (Line l : lines) {
      total = total.plus(l.lineTotal());
      count += l.quantity();
    }
    return new CartView(id, ownerId, locationId, status, version, lines, count, total,
        warnings == null || warnings.isEmpty() ? null : List.copyOf(warnings), orderId);
  }

}
