package shop.stock.api;

import shop.events.Money;
import shop.stock.domain.Product;

/** A product as answered by the API. */
public record ProductResponse(String id, String sku, String name, String category, Money price, boolean active,
    long version) {
  public static ProductResponse of(Product p) {
    return new ProductResponse(p.id(), p.sku(), p.name(), p.category(), p.price(), p.active(), p.version());
  }
}
