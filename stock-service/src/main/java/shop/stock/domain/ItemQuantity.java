package shop.stock.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A requested (productId, quantity) pair of a sale or a return. */
public record ItemQuantity(String productId, int quantity) {

  /** Sums the quantities of repeated products, keeping the order in which products first appear. */
  public static List<ItemQuantity> merge(List<ItemQuantity> items) {
    Map<String, Long> sums = new LinkedHashMap<>();
    for (ItemQuantity i : items) {
      sums.merge(i.productId(), (long) i.quantity(), Long::sum);
    }
    List<ItemQuantity> merged = new ArrayList<>(sums.size());
    sums.forEach((id, q) -> {
      if (q > Integer.MAX_VALUE) {
        throw new DomainException(ErrorCode.LIMIT_EXCEEDED, "total quantity of product " + id + " is too large");
      }
      merged.add(new ItemQuantity(id, q.intValue()));
    });
    return merged;
  }
}
