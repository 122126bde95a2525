package shop.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Events of a product on {@code product-events} (key = productId). Both carry the whole product, so consumers can
 * upsert by {@code version} without keeping history.
 */
public sealed interface ProductEvent permits ProductEvent.Created, ProductEvent.Updated {

  String productId();

  String sku();

  String name();

  String category();

  Money price();

  boolean active();

  long version();

  /** This event, if it carries everything a consumer needs; an IllegalArgumentException otherwise. */
  default ProductEvent requireComplete() {
    if (productId() == null || name() == null || price() == null || price().currency() == null || version() < 1) {
      throw new IllegalArgumentException("incomplete product event: " + this);
    }
    return this;
  }

  /** {@code product.created.v1}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Created(String productId, String sku, String name, String category, Money price, boolean active,
      long version) implements ProductEvent {
  }

  /** {@code product.updated.v1}: the product after the change. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Updated(String productId, String sku, String name, String category, Money price, boolean active,
      long version) implements ProductEvent {
  }
}
