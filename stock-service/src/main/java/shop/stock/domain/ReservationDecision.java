package shop.stock.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decides whether an order's lines can be reserved at a location, all or none (issue 11, step 2): repeated products
 * are summed, and every product must have its quantity available ({@code onHand − reserved}) in the locked levels.
 * Unlike a POS sale, a shortfall is not a refusal of the request but an outcome the order is told about, so the
 * decision returns it rather than throwing.
 */
public sealed interface ReservationDecision {

  /** Every line reserved: the new levels to write, one per product, in the order products first appear. */
  record Reserved(List<StockLevel> levels) implements ReservationDecision {
    public Reserved {
      levels = List.copyOf(levels);
    }
  }

  /** Nothing reserved: every line that does not fit, with what was asked and what is available. */
  record Rejected(List<Shortfall> shortfalls) implements ReservationDecision {
    public Rejected {
      shortfalls = List.copyOf(shortfalls);
    }
  }

  /**
   * @param items the order's lines (not yet merged)
   * @param levels the locked stock levels at the location, by product id (missing = nothing in stock)
   */
  static ReservationDecision decide(String locationId, List<ItemQuantity> items, Map<String, StockLevel> levels) {
    List<StockLevel> reserved = new ArrayList<>();
    List<Shortfall> shortfalls = new ArrayList<>();
    for (ItemQuantity item : ItemQuantity.merge(items)) {
      StockLevel level = levels.getOrDefault(item.productId(), StockLevel.empty(locationId, item.productId()));
      if (level.canSell(item.quantity())) {
        reserved.add(level.reserve(item.quantity()));
      } else {
        shortfalls.add(new Shortfall(item.productId(), item.quantity(), level.available()));
      }
    }
    return shortfalls.isEmpty() ? new Reserved(reserved) : new Rejected(shortfalls);
  }
}
