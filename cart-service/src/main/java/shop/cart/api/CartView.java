package shop.cart.api;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import shop.cart.domain.Cart;
import shop.events.MergeAdjustment;
import shop.events.Money;
import shop.events.StockShortfall;

/**
 * Cart state as answered by the API; {@code adjustments} only on a merge; {@code orderId} once checked out (the order
 * of its latest checkout); {@code warnings} (absent when none) after a checkout that could not reserve every line: requested vs
 * available per short line, dropped when the line changes.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CartView(String id, String ownerId, String locationId, String status, long version, List<Line> lines,
    int itemCount, Money total, List<StockShortfall> warnings, String orderId, List<MergeAdjustment> adjustments) {

  /** A line with its total. */
  public record Line(String productId, String name, int quantity, Money unitPrice, Money lineTotal) {
  }

  public static CartView of(Cart cart) {
    return of(cart, null);
  }

  public static CartView of(Cart cart, List<MergeAdjustment> adjustments) {
    List<Line> lines = cart.lines().stream()
        .map(l -> new Line(l.productId(), l.name(), l.quantity(), l.unitPrice(), l.unitPrice().times(l.quantity())))
        .toList();
    return new CartView(cart.id(), cart.ownerId(), cart.locationId(), cart.status().wire(), cart.version(), lines,
        cart.itemCount(), cart.total(), cart.warnings().isEmpty() ? null : cart.warnings(), cart.orderId(),
        adjustments);
  }
}
