package shop.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the cart events mean, in one place for every consumer: a cart's status and lines (by product, in the order they
 * were added) after each event. cart-service's aggregate and projection-service's cart view both fold with it.
 */
public record CartState(CartStatus status, Map<String, CartLineData> lines) {

  /** {@code lines} is taken as a read-only view, not copied: {@link #apply} copies once per event, into its result. */
  public CartState {
    lines = Collections.unmodifiableMap(lines);
  }

  /** A new cart: open and empty. */
  public static CartState created() {
    return new CartState(CartStatus.OPEN, Map.of());
  }

  /** The state after one more event of an existing cart; a second {@code Created} is an IllegalArgumentException. */
  public CartState apply(CartEvent event) {
    Map<String, CartLineData> next = new LinkedHashMap<>(lines);
    CartStatus nextStatus = status;
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
      nextStatus = CartStatus.MERGED;
    } else if (event instanceof CartEvent.Abandoned) {
      nextStatus = CartStatus.ABANDONED;
    } else if (event instanceof CartEvent.CheckoutStarted) {
      nextStatus = CartStatus.CHECKING_OUT;
    } else if (event instanceof CartEvent.CheckedOut) {
      nextStatus = CartStatus.CHECKED_OUT;
    } else if (event instanceof CartEvent.Reopened) {
      nextStatus = CartStatus.OPEN;
    } else {
      throw new IllegalArgumentException("cannot apply " + event.getClass().getSimpleName() + " to an existing cart");
    }
    return new CartState(nextStatus, next);
  }
}
