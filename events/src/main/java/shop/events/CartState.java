package shop.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the cart events mean, in one place for every consumer: a cart's status and lines (by product, in the order they
 * were added) after each event, the order it is checked out as ({@code orderId}, from its latest checkout; null before
 * any) and the warnings of its last failed checkout: one per line that could not be reserved, dropped when that line
 * changes and all dropped by a clear or the next checkout. cart-service's aggregate and projection-service's cart view
 * both fold with it.
 */
public record CartState(CartStatus status, Map<String, CartLineData> lines, List<StockShortfall> warnings,
    String orderId) {

  /** {@code lines} is taken as a read-only view, not copied: {@link #apply} copies once per event, into its result. */
  public CartState {
    lines = Collections.unmodifiableMap(lines);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** A new cart: open and empty. */
  public static CartState created() {
    return new CartState(CartStatus.OPEN, Map.of(), List.of(), null);
  }

  /** The state after one more event of an existing cart; a second {@code Created} is an IllegalArgumentException. */
  public CartState apply(CartEvent event) {
    Map<String, CartLineData> next = new LinkedHashMap<>(lines);
    CartStatus nextStatus = status;
    List<StockShortfall> nextWarnings = warnings;
    String nextOrder = orderId;
    if (event instanceof CartEvent.ItemAdded e) {
      next.put(e.line().productId(), e.line());
      nextWarnings = without(e.line().productId());
    } else if (event instanceof CartEvent.ItemQuantityChanged e) {
      CartLineData l = next.get(e.productId());
      if (l != null) {
        next.put(e.productId(), new CartLineData(l.productId(), l.name(), l.unitPrice(), e.quantity()));
      }
      nextWarnings = without(e.productId());
    } else if (event instanceof CartEvent.ItemRemoved e) {
      next.remove(e.productId());
      nextWarnings = without(e.productId());
    } else if (event instanceof CartEvent.Cleared) {
      next.clear();
      nextWarnings = List.of();
    } else if (event instanceof CartEvent.Merged e) {
      e.lines().forEach(l -> next.put(l.productId(), l));
      nextWarnings = warnings.stream().filter(w -> e.lines().stream()
          .noneMatch(l -> l.productId().equals(w.productId()))).toList();
    } else if (event instanceof CartEvent.MergedInto) {
      nextStatus = CartStatus.MERGED;
    } else if (event instanceof CartEvent.Abandoned) {
      nextStatus = CartStatus.ABANDONED;
    } else if (event instanceof CartEvent.CheckoutStarted e) {
      nextStatus = CartStatus.CHECKING_OUT;
      nextWarnings = List.of();
      nextOrder = e.orderId();
    } else if (event instanceof CartEvent.CheckedOut) {
      nextStatus = CartStatus.CHECKED_OUT;
    } else if (event instanceof CartEvent.Reopened e) {
      nextStatus = CartStatus.OPEN;
      nextWarnings = e.shortfalls();
    } else {
      throw new IllegalArgumentException("cannot apply " + event.getClass().getSimpleName() + " to an existing cart");
    }
    return new CartState(nextStatus, next, nextWarnings, nextOrder);
  }

  private List<StockShortfall> without(String productId) {
    return warnings.isEmpty() ? warnings : warnings.stream().filter(w -> !w.productId().equals(productId)).toList();
  }
}
