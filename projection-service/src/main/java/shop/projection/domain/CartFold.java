package shop.projection.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import shop.events.CartEvent;
import shop.events.CartLineData;
import shop.events.CartState;
import shop.events.CartStatus;
import shop.projection.api.CartView;

/**
 * How each cart event changes the cart read model: the contract's {@link CartState}, kept in the view's shape (line
 * totals, item count) that queries need.
 */
public final class CartFold {
  private CartFold() {
  }

  /** The view of a new cart. */
  public static CartView created(CartEvent.Created e) {
    return CartView.of(e.cartId(), e.ownerId(), e.locationId(), CartStatus.OPEN.wire(), 1, List.of(), e.currency(),
        List.of(), null);
  }

  /** The view after one more event (whose version is {@code view.version() + 1}). */
  public static CartView apply(CartView view, CartEvent event) {
    Map<String, CartLineData> lines = new LinkedHashMap<>();
    view.lines().forEach(l -> lines.put(l.productId(),
        new CartLineData(l.productId(), l.name(), l.unitPrice(), l.quantity())));
    CartState next = new CartState(CartStatus.ofWire(view.status()), lines, view.warnings(), view.orderId())
        .apply(event);
    return CartView.of(view.id(), view.ownerId(), view.locationId(), next.status().wire(), view.version() + 1,
        new ArrayList<>(next.lines().values()), view.total().currency(), next.warnings(), next.orderId());
  }

}
