package shop.stock.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import shop.events.Money;
import shop.platform.Refusal;

/**
 * Decides a direct (POS) sale, all or nothing: repeated products are summed, every product must exist, be active and
 * share one currency, and every line must fit the available stock. Either every line is sold or the sale is refused
 * with the complete list of shortfalls.
 */
public record SaleDecision(List<SoldLine> lines, Money total) {

  /**
   * @param items requested lines (not yet merged)
   * @param products the requested products that exist, by id
   * @param levels the locked stock levels at the location, by product id (missing = nothing in stock)
   */
  public static SaleDecision decide(String locationId, List<ItemQuantity> items, Map<String, PricedProduct> products,
      Map<String, StockLevel> levels) {
    List<ItemQuantity> merged = ItemQuantity.merge(items);
    requireKnownActiveSameCurrency(merged, products);
    List<Shortfall> shortfalls = new ArrayList<>();
    List<SoldLine> lines = new ArrayList<>(merged.size());
    Money total = null;
    for (ItemQuantity item : merged) {
      StockLevel level = levels.getOrDefault(item.productId(), StockLevel.empty(locationId, item.productId()));
      if (!level.canSell(item.quantity())) {
        shortfalls.add(new Shortfall(item.productId(), item.quantity(), level.available()));
        continue;
      }
      Money unit = products.get(item.productId()).price();
      Money lineTotal = unit.times(item.quantity());
      total = total == null ? lineTotal : total.plus(lineTotal);
      lines.add(new SoldLine(item.productId(), item.quantity(), unit, lineTotal, level.sell(item.quantity()),
          -item.quantity()));
    }
    if (!shortfalls.isEmpty()) {
      throw Shortfall.refusal(shortfalls);
    }
    return new SaleDecision(List.copyOf(lines), total);
  }

  private static void requireKnownActiveSameCurrency(List<ItemQuantity> items, Map<String, PricedProduct> products) {
    List<String> unknown = items.stream().map(ItemQuantity::productId).filter(id -> !products.containsKey(id)).toList();
    if (!unknown.isEmpty()) {
      throw new Refusal(ErrorCode.UNKNOWN_PRODUCT, "unknown product(s): " + String.join(", ", unknown),
          Map.of("productIds", unknown));
    }
    List<String> inactive = items.stream().map(ItemQuantity::productId).filter(id -> !products.get(id).active())
        .toList();
    if (!inactive.isEmpty()) {
      throw new Refusal(ErrorCode.PRODUCT_INACTIVE, "product(s) no longer sold: " + String.join(", ", inactive),
          Map.of("productIds", inactive));
    }
    long currencies = items.stream().map(i -> products.get(i.productId()).price().currency()).distinct().count();
    if (currencies > 1) {
      throw new Refusal(ErrorCode.CURRENCY_MISMATCH, "a sale cannot mix currencies");
    }
  }
}
