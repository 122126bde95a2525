package shop.stock.domain;

import shop.events.Money;

/** A product of the catalogue. {@code version} grows by one on every change. */
public record Product(String id, String sku, String name, String category, Money price, boolean active,
    long version) {

  /** Applies a partial update; absent (null) fields keep their value. */
  public Product update(String newName, String newCategory, Money newPrice, Boolean newActive) {
    return new Product(id, sku, newName != null ? newName : name, newCategory != null ? newCategory : category,
        newPrice != null ? newPrice : price, newActive != null ? newActive : active, version + 1);
  }

  public PricedProduct priced() {
    return new PricedProduct(id, price, active);
  }
}
