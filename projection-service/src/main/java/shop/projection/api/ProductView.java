package shop.projection.api;

import java.util.List;

import shop.events.Money;

/** {@code GET /products/{id}}: a product with its availability per location. */
public record ProductView(String id, String sku, String name, String category, Money price, boolean active,
    long version, List<LocationStock> stock) {

  public record LocationStock(String locationId, long available) {
  }
}
