package shop.stock.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import shop.events.Money;
import shop.platform.Refusal;

/**
 * Decides a return against a past sale: only products of that sale, never more than sold minus already returned,
 * priced at the sale's unit price; the goods go back on hand.
 */
public record ReturnDecision(List<SoldLine> lines, Money total) {

  /** What a sale line still allows to return. */
  public record ReturnableLine(String productId, int sold, int returned, Money unitPrice) {
    int returnable() {
      return sold - returned;
    }
  }

  public static ReturnDecision decide(String locationId, List<ItemQuantity> items,
      Map<String, ReturnableLine> saleLines,
      Map<String, StockLevel> levels) {
    List<ItemQuantity> merged = ItemQuantity.merge(items);
    List<String> notInSale = merged.stream().map(ItemQuantity::productId).filter(id -> !saleLines.containsKey(id))
        .toList();
    if (!notInSale.isEmpty()) {
      throw new Refusal(ErrorCode.RETURN_EXCEEDS_SALE,
          "product(s) not part of this sale: " + String.join(", ", notInSale), Map.of("productIds", notInSale));
    }
    List<Map<String, Object>> excess = new ArrayList<>();
    List<SoldLine> lines = new ArrayList<>(merged.size());
    Money total = null;
    for (ItemQuantity item : merged) {
      ReturnableLine sale = saleLines.get(item.productId());
      if (item.quantity() > sale.returnable()) {
        excess.add(Map.of("productId", item.productId(), "requested", item.quantity(), "returnable",
            sale.returnable()));
        continue;
      }
      StockLevel level = levels.getOrDefault(item.productId(), StockLevel.empty(locationId, item.productId()));
      Money lineTotal = sale.unitPrice().times(item.quantity());
      total = total == null ? lineTotal : total.plus(lineTotal);
      lines.add(new SoldLine(item.productId(), item.quantity(), sale.unitPrice(), lineTotal,
          level.receive(item.quantity()), item.quantity()));
    }
    if (!excess.isEmpty()) {
      throw new Refusal(ErrorCode.RETURN_EXCEEDS_SALE, "cannot return more than was sold",
          Map.of("lines", excess));
    }
    return new ReturnDecision(List.copyOf(lines), total);
  }
}
