package shop.cart.domain;

import shop.events.Money;

/** What cart-service knows of a product (from product-events): the price comes from here, never from the client. */
public record CatalogueProduct(String productId, String name, Money price, boolean active) {
}
