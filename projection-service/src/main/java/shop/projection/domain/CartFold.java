package shop.projection.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import shop.events.CartEvent;
import shop.events.CartLineData;
import shop.events.CartStatus;
import shop.projection.api.CartView;

/**
 * How each cart event changes the cart read model. This fold is the read side's own: it keeps what queries need,
 * independent of cart-service's aggregate.
 */
public final class CartFold {
  private CartFold() {
  }

  /** The view of a new cart. */
  public static CartView created(CartEvent.Created e) {
    return CartView.of(e.cartId(), e.ownerId(), e.locationId(), CartStatus.OPEN.wire(), 1, List.of(), e.currency());
  }

  /** The view after one more event (whose version is {@code view.version() + 1}). */
  public static CartView apply(CartView view, CartEvent event) {
    Map<String, CartLineData> next = new LinkedHashMap<>();
    view.lines().forEach(l -> next.put(l.productId(),
        new CartLineData(l.productId(), l.name(), l.unitPrice(), l.quantity())));
    String status = view.status();
    if (event instanceof CartEvent.ItemAdded e) {
      next.put(e.line().productId(), e.line());
    } else if (event instanceof CartEvent.ItemQuantityChanged e) {
      CartLineData l = next.get(e.productId());
      if (l != null) {
        next.put(e.productId(), new CartLineData(l.productId(), l.name(), l.unitPrice(), e.quantity()));
      }
    } else if (event instanceof CartEvent.ItemRemoved e) {
      next.remove(e.productId());
    } else if (event instanceof CartEvent.Cleared) {
      next.clear();
    } else if (event instanceof CartEvent.Merged e) {
      e.lines().forEach(l -> next.put(l.productId(), l));
    } else if (event instanceof CartEvent.MergedInto) {
      status = CartStatus.MERGED.wire();
    } else if (event instanceof CartEvent.Abandoned) {
      status = CartStatus.ABANDONED.wire();
    } else if (event instanceof CartEvent.CheckoutStarted) {
      status = CartStatus.CHECKING_OUT.wire();
    } else if (event instanceof CartEvent.CheckedOut) {
      status = CartStatus.CHECKED_OUT.wire();
    } else if (event instanceof CartEvent.Reopened) {
      status = CartStatus.OPEN.wire();
    } else {
      throw new IllegalArgumentException("cannot apply " + event.getClass().getSimpleName() + " to an existing cart");
    }
    return CartView.of(view.id(), view.ownerId(), view.locationId(), status, view.version() + 1,
        new ArrayList<>(next.values()), view.total().currency());
  }
}
