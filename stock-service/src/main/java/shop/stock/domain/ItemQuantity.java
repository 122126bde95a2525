package shop.stock.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import shop.platform.Refusal;

/** A requested (productId, quantity) pair of a sale or a return. */
public record ItemQuantity(String productId, int quantity) {
  /** Most units of one product in one sale or return, whether asked in one line or spread over several. */
  public static final int MAX_PER_PRODUCT = 10_000;

  /**
   * Sums the quantities of repeated products, keeping the order in which products first appear; a product whose sum
   * passes {@link #MAX_PER_PRODUCT} is refused ({@code limit-exceeded}), as a single line that large would be.
   */
  public static List<ItemQuantity> merge(List<ItemQuantity> items) {
    Map<String, Long> sums = new LinkedHashMap<>();
    for (ItemQuantity i : items) {
      sums.merge(i.productId(), (long) i.quantity(), Long::sum);
    }
    List<ItemQuantity> merged = new ArrayList<>(sums.size());
    sums.forEach((id, q) -> {
      if (q > MAX_PER_PRODUCT) {
        throw new Refusal(ErrorCode.LIMIT_EXCEEDED, "the lines of product " + id + " add up to " + q
            + " units; at most " + MAX_PER_PRODUCT + " per product", Map.of("productId", id, "limit", MAX_PER_PRODUCT));
      }
      merged.add(new ItemQuantity(id, q.intValue()));
    });
    return merged;
  }
}
