package shop.projection.api;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import shop.events.CartEvent;
import shop.events.CartLineData;
import shop.events.Money;

/**
 * The cart read model (same shape as cart-service's cart state) and how each cart event changes it. This fold is the
 * read side's own: it keeps what queries need, independent of cart-service's aggregate.
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

  /** The view of a new cart. */
  public static CartView created(CartEvent.Created e) {
    return of(e.cartId(), e.ownerId(), e.locationId(), "open", 1, List.of(), e.currency());
  }

  /** The view after one more event (whose version is {@code version + 1}). */
  public CartView apply(CartEvent event) {
    Map<String, CartLineData> next = new LinkedHashMap<>();
    lines.forEach(l -> next.put(l.productId(), new CartLineData(l.productId(), l.name(), l.unitPrice(), l.quantity())));
    String nextStatus = status;
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
      nextStatus = "merged";
    } else if (event instanceof CartEvent.Abandoned) {
      nextStatus = "abandoned";
    } else if (event instanceof CartEvent.CheckoutStarted) {
      nextStatus = "checking-out";
    } else if (event instanceof CartEvent.CheckedOut) {
      nextStatus = "checked-out";
    } else if (event instanceof CartEvent.Reopened) {
      nextStatus = "open";
    } else {
      throw new IllegalArgumentException("cannot apply " + event.getClass().getSimpleName() + " to an existing cart");
    }
    return of(id, ownerId, locationId, nextStatus, version + 1, new ArrayList<>(next.values()), total.currency());
  }

  static CartView of(String id, String ownerId, String locationId, String status, long version,
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
