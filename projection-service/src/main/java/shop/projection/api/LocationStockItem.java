package shop.projection.api;

import java.time.Instant;
import java.util.Comparator;

/** One line of {@code GET /locations/{id}/stock}. */
public record LocationStockItem(String productId, String name, long available, Instant updatedAt) {
  /** The order of a location's list, whichever store answered: by name, then product id. */
  public static final Comparator<LocationStockItem> BY_NAME = Comparator.comparing(LocationStockItem::name)
      .thenComparing(LocationStockItem::productId);
}
