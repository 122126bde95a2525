package shop.projection.api;

import java.util.List;

import shop.events.CartLineData;
import shop.events.Money;

/**
 * The cart read model (same shape as cart-service's cart state); {@code shop.projection.domain.CartFold} says how each
 * cart event changes it.
 */
public record CartView(String id, String ownerId, String locationId, String status, long version, List<Line> lines,
    int itemCount, Money total) {

  public record Line(String productId, String name, int quantity, Money unitPrice, Money lineTotal) {
  }

  /** {@code GET /carts/{id}/summary}. */
  public record Summary(int itemCount, Money total, long version) {
  }

  public Summary summary() {
    return new Summary(itemCount, total, version);
  }

  /** The same cart with these lines (totals recomputed). */
  public CartView withLines(List<CartLineData> data) {
    return of(id, ownerId, locationId, status, version, data, total.currency());
  }

  /** A view with these lines, the totals computed from them. */
  public static CartView of(String id, String ownerId, String locationId, String status, long version,
      List<CartLineData> data, String currency) {
    List<Line> lines = data.stream()
        .map(l -> new Line(l.productId(), l.name(), l.quantity(), l.unitPrice(), l.unitPrice().times(l.quantity())))
        .toList();
    Money total = Money.zero(currency);
    int count = 0;
    for (Line l : lines) {
      total = total.plus(l.lineTotal());
      count += l.quantity();
    }
    return new CartView(id, ownerId, locationId, status, version, lines, count, total);
  }

}
