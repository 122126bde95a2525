package shop.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Payload of {@code product.created.v1} and {@code product.updated.v1} on {@code product-events} (key = productId).
 * Carries the whole product so consumers can upsert by {@code version} without keeping history.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ProductEvent(String productId, String sku, String name, String category, Money price, boolean active,
    long version) {

  /** This event, if it carries everything a consumer needs; an IllegalArgumentException otherwise. */
  public ProductEvent requireComplete() {
    if (productId == null || name == null || price == null || price.currency() == null || version < 1) {
      throw new IllegalArgumentException("incomplete product event: " + this);
    }
    return this;
  }
}
