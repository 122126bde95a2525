package shop.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** One line of an order, priced when the order was placed (the cart's unit price and the product's name then). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OrderLine(String productId, String name, int quantity, Money unitPrice, Money lineTotal) {
}
