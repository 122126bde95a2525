package shop.projection.api;

import java.time.Instant;

/** One line of {@code GET /locations/{id}/stock}. */
public record LocationStockItem(String productId, String name, long available, Instant updatedAt) {
}
