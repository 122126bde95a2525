package shop.stock.domain;

import shop.events.Money;

/** What a sale needs to know about a product: its current price and whether it is still sold. */
public record PricedProduct(String productId, Money price, boolean active) {
}
